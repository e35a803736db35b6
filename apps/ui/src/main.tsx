import { render } from "preact";
import { useState } from "preact/hooks";
import { useToken } from "./api.js";
import { type Credential, forgetCredential, readCredential, saveCredential } from "./credential.js";
import { DeliveryView } from "./delivery-view.js";
import { CatalogView, EventsView, EventView } from "./events-view.js";
import { PortalBadge, PortalRights } from "./rights.js";
import { href, useRoute } from "./route.js";
import { SignIn } from "./sign-in.js";
import { WebhookView } from "./webhook-view.js";
import { WebhooksView } from "./webhooks-view.js";

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
  const page = (
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
  return credential.kind === "portal" ? <PortalRights>{page}</PortalRights> : page;
}

render(<App />, document.getElementById("app") as HTMLElement);
