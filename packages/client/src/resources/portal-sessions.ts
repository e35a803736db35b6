import type { Transport } from "../transport.js";
import type { Body, CallOptions } from "../types.js";

export function portalSessionsApi(call: Transport) {
  return {
    create: async (body?: Body<"createPortalSession">, options?: CallOptions) =>
      (await call("createPortalSession", { body, options })).data,
    revoke: async (id: string, options?: CallOptions) =>
      (await call("revokePortalSession", { path: { id }, options })).data,
    // With a portal session's own token as the client's key.
    current: async (options?: CallOptions) => (await call("getCurrentPortalSession", { options })).data,
  };
}
