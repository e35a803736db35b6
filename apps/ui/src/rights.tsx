import { type ComponentChildren, createContext } from "preact";
import { useContext } from "preact/hooks";
import { call } from "./api.js";
import { Time, useLoad } from "./widgets.js";

interface PortalSession {
  rights: "read" | "manage";
  expires_at: string;
}

// What the signed-in credential may change. An API key shows every action (the API refuses what
// its scopes lack); a portal session shows actions only when it may manage, as the API says.
const Rights = createContext<{ canWrite: boolean; portal?: PortalSession }>({ canWrite: true });

export const useCanWrite = () => useContext(Rights).canWrite;

// A portal page: its rights and end come from the API (never from the link itself). Until they
// are known, no action shows.
export function PortalRights({ children }: { children: ComponentChildren }) {
  const session = useLoad(
    async () => (await call<PortalSession>("GET", "/v1/portal-sessions/current")).data,
    "portal",
  );
  const value = { canWrite: session.value?.rights === "manage", portal: session.value };
  return <Rights.Provider value={value}>{children}</Rights.Provider>;
}

export function PortalBadge() {
  const { portal } = useContext(Rights);
  if (!portal) return <span class="muted">Portal</span>;
  return (
    <span class="muted">
      Portal, {portal.rights === "read" ? "read only" : "manage"}, until <Time iso={portal.expires_at} />
    </span>
  );
}
