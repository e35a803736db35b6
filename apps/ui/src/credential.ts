// The credential lives in this tab only (sessionStorage): an API key typed at sign-in, or a portal
// session's token taken from the portal link's fragment, which is then removed from the address.
const STORAGE_KEY = "herald.credential";

export interface Credential {
  kind: "key" | "portal";
  token: string;
}

export function readCredential(): Credential | undefined {
  const portal = /^\/ui\/portal\/[0-9a-f-]{36}$/i.test(location.pathname);
  const fragment = location.hash.slice(1);
  if (portal && fragment.startsWith("hrld_ps_")) {
    const credential: Credential = { kind: "portal", token: fragment };
    saveCredential(credential);
    history.replaceState(null, "", `${location.pathname}#/webhooks`);
    return credential;
  }
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as Credential | null;
    // A portal page never falls back to an API key kept by another page of this tab.
    if (stored && (stored.kind === "portal") === portal) return stored;
  } catch {
    // unreadable: signed out
  }
  return undefined;
}

export function saveCredential(credential: Credential): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credential));
}

export function forgetCredential(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
