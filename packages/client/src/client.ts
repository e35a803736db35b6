import { accountsApi } from "./resources/accounts.js";
import { deliveriesApi } from "./resources/deliveries.js";
import { eventsApi } from "./resources/events.js";
import { portalSessionsApi } from "./resources/portal-sessions.js";
import { webhooksApi } from "./resources/webhooks.js";
import type { RetryOptions } from "./retry.js";
import { createTransport, type TransportOptions } from "./transport.js";

export interface HeraldOptions extends TransportOptions {
  // How events.send retries.
  retry?: RetryOptions;
}

// A client for one key: a method per operation of the API, grouped by resource.
export class Herald {
  readonly webhooks: ReturnType<typeof webhooksApi>;
  readonly events: ReturnType<typeof eventsApi>;
  readonly deliveries: ReturnType<typeof deliveriesApi>;
  readonly accounts: ReturnType<typeof accountsApi>;
  readonly portalSessions: ReturnType<typeof portalSessionsApi>;

  constructor(private readonly options: HeraldOptions) {
    const call = createTransport(options);
    this.webhooks = webhooksApi(call);
    this.events = eventsApi(call, options.retry ?? {});
    this.deliveries = deliveriesApi(call);
    this.accounts = accountsApi(call);
    this.portalSessions = portalSessionsApi(call);
  }

  // The same key acting for another account (id or name): for service keys (scope accounts:*).
  forAccount(account: string): Herald {
    return new Herald({ ...this.options, account });
  }
}
