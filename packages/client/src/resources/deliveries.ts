import { paged } from "../paged.js";
import type { Transport } from "../transport.js";
import type { CallOptions, Query } from "../types.js";

export function deliveriesApi(call: Transport) {
  return {
    get: async (id: string, options?: CallOptions) =>
      (await call("getDelivery", { path: { id }, options })).data,
    attempts: (id: string, query?: Query<"listDeliveryAttempts">, options?: CallOptions) =>
      paged(call, "listDeliveryAttempts", query, { path: { id }, options }),
    // Delivers again now, whatever its state.
    retry: async (id: string, options?: CallOptions) =>
      (await call("retryDelivery", { path: { id }, options })).data,
  };
}
