import { paged } from "../paged.js";
import type { Transport } from "../transport.js";
import type { Body, CallOptions, Query } from "../types.js";

// Service keys only (scope accounts:*). `account` is an account's id or unique name.
export function accountsApi(call: Transport) {
  return {
    create: async (body: Body<"createAccount">, options?: CallOptions) =>
      (await call("createAccount", { body, options })).data,
    list: (query?: Query<"listAccounts">, options?: CallOptions) =>
      paged(call, "listAccounts", query, { options }),
    get: async (account: string, options?: CallOptions) =>
      (await call("getAccount", { path: { account }, options })).data,
    keys: {
      // The answer is the only time the key's secret is shown.
      create: async (account: string, body: Body<"createApiKey">, options?: CallOptions) =>
        (await call("createApiKey", { path: { account }, body, options })).data,
      list: (account: string, query?: Query<"listApiKeys">, options?: CallOptions) =>
        paged(call, "listApiKeys", query, { path: { account }, options }),
      revoke: async (account: string, key: string, options?: CallOptions) =>
        (await call("revokeApiKey", { path: { account, key }, options })).data,
    },
  };
}
