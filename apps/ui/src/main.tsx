import { render } from "preact";
import { useState } from "preact/hooks";
import { call, useToken } from "./api.js";
import { type Credential, forgetCredential, readCredential, saveCredential } from "./credential.js";
import { DeliveryView } from "./delivery-view.js";
import { CatalogView, EventsView, EventView } from "./events-view.js";
import { href, useRoute } from "./route.js";
import { SignIn } from "./sign-in.js";
import { WebhookView } from "./webhook-view.js";
import { WebhooksView } from "./webhooks-view.js";
import { Time, useLoad } from "./widgets.js";

// What this portal link may do and until when, from the API (never from the link itself).
function PortalBadge() {
  const session = useLoad(
    async () =>
      (await call<{ rights: string; expires_at: string }>("GET", "/v1/portal-sessions/current")).data,
    "portal",
  );
  if (!session.value) return <span class="muted">Portal</span>;
  return (
    <span class="muted">
      Portal, {session.value.rights === "read" ? "read only" : "manage"}, until{" "}
      <Time iso={session.value.expires_at} />
    </span>
  );
}

function App() {
  const [credential, setCredential] = useState<Credential | undefined>(readCredential);
  const [notice, setNotice] = useState<string>();
  const route = useRoute();

  const signOut = (message?: string) => {
    forgetCredential();
    useToken(undefined, () => {});
    setNotice(message);
    setCredential(undefined);
  };
  useToken(credential?.token, (error) =>
    signOut(credential?.kind === "portal" ? `This portal link has ended: ${error.message}` : error.message),
  );

  if (!credential) {
    if (location.pathname.startsWith("/ui/portal/")) {
      return (
        <main id="main" class="sign-in">
          <h1>Herald</h1>
          <p role="alert">{notice ?? "This portal link is incomplete or has ended; ask for a new one."}</p>
        </main>
      );
    }
    return (
      <SignIn
        notice={notice}
        onSignedIn={(signedIn) => {
          saveCredential(signedIn);
          setNotice(undefined);
          setCredential(signedIn);
          if (!location.hash) location.hash = href("webhooks");
        }}
      />
    );
  }

  const [view = "webhooks", id] = route;
  const current = (name: string) => (view === name ? "page" : undefined);
  return (
    <>
      <button type="button" class="skip" onClick={() => document.getElementById("main")?.focus()}>
        Skip to content
      </button>
      <header>
        <span class="brand">Herald</span>
        <nav aria-label="Main">
          <a href={href("webhooks")} aria-current={current("webhooks")}>
            Webhooks
          </a>
          <a href={href("events")} aria-current={current("events")}>
            Event log
          </a>
          <a href={href("catalog")} aria-current={current("catalog")}>
            Event types
          </a>
        </nav>
        {credential.kind === "portal" ? (
          <PortalBadge />
        ) : (
          <button type="button" onClick={() => signOut("Signed out.")}>
            Sign out
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {view === "webhooks" && !id && <WebhooksView />}
        {view === "webhooks" && id && <WebhookView key={id} id={id} />}
        {view === "deliveries" && id && <DeliveryView key={id} id={id} />}
        {view === "events" && !id && <EventsView />}
        {view === "events" && id && <EventView key={id} id={id} />}
        {view === "catalog" && <CatalogView />}
      </main>
    </>
  );
}

render(<App />, document.getElementById("app") as HTMLElement);
