import { paged } from "../paged.js";
import type { Transport } from "../transport.js";
import type { Body, CallOptions, Query } from "../types.js";

export function webhooksApi(call: Transport) {
  const on = (id: string) => ({ id });
  return {
    list: (query?: Query<"listWebhooks">, options?: CallOptions) =>
      paged(call, "listWebhooks", query, { options }),
    // The only answer, with rotateSecret, that carries the signing secret.
    create: async (body: Body<"createWebhook">, options?: CallOptions) =>
      (await call("createWebhook", { body, options })).data,
    // The event catalog: the names a webhook may subscribe to.
    eventTypes: async (options?: CallOptions) => (await call("listEventTypes", { options })).data,
    get: async (id: string, options?: CallOptions) =>
      (await call("getWebhook", { path: on(id), options })).data,
    update: async (id: string, body: Body<"updateWebhook">, options?: CallOptions) =>
      (await call("updateWebhook", { path: on(id), body, options })).data,
    delete: async (id: string, options?: CallOptions) =>
      (await call("deleteWebhook", { path: on(id), options })).data,
    rotateSecret: async (id: string, body?: Body<"rotateWebhookSecret">, options?: CallOptions) =>
      (await call("rotateWebhookSecret", { path: on(id), body, options })).data,
    // Delivers a signed webhook.test now and answers with the attempt's outcome.
    test: async (id: string, options?: CallOptions) =>
      (await call("testWebhook", { path: on(id), options })).data,
    recover: async (id: string, body: Body<"recoverWebhook">, options?: CallOptions) =>
      (await call("recoverWebhook", { path: on(id), body, options })).data,
    deliveries: (id: string, query?: Query<"listWebhookDeliveries">, options?: CallOptions) =>
      paged(call, "listWebhookDeliveries", query, { path: on(id), options }),
  };
}
