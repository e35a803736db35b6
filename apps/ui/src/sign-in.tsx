import { useState } from "preact/hooks";
import { ApiError, call, useToken } from "./api.js";
import type { Credential } from "./credential.js";
import { ErrorNote } from "./widgets.js";

export function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: (c: Credential) => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const token = key.trim();
    useToken(token, () => {});
    try {
      await call("GET", "/v1/webhooks?limit=1");
      onSignedIn({ kind: "key", token });
    } catch (failure) {
      useToken(undefined, () => {});
      setError(
        failure instanceof ApiError && failure.status === 401
          ? new Error("That key is unknown, revoked or mistyped")
          : failure,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>Sign in to Herald</h1>
      {notice && (
        <p class="note" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          placeholder="hrld_sk_…"
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
        />
        <p class="hint">Kept in this tab only, and sent to this Herald only.</p>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <ErrorNote error={error} />
    </main>
  );
}
