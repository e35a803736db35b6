import type { RequestHandler, Router } from "express";
import { requireApiKey, requireScope } from "../auth/authenticate.js";
import type { RouteDeps } from "../routes/route-deps.js";
import { sendData } from "./envelope.js";
import type { Operation } from "./operation.js";
import { sendDataWithRawField } from "./raw-json.js";
import { emptyBody, jsonBody, parseOrThrow } from "./validate.js";

const declared = new WeakMap<RequestHandler, Operation>();

// The declaration a mounted route's last handler runs, if mountOperations mounted it.
export function declarationOf(handler: unknown): Operation | undefined {
  return declared.get(handler as RequestHandler);
}

// `{id}` as Express writes it, `:id` (Express 5 reads braces as optional parts).
const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

// Routes each operation in the given order (a literal path such as /webhooks/events must come
// before the pattern /webhooks/{id} that would take it): its scope, then the body, query and
// headers parsed with its schemas (422 naming each field), then its handler, whose answer goes
// out with the declared status.
export function mountOperations(router: Router, operations: Operation[], deps: RouteDeps): void {
  for (const operation of operations) {
    const { method, scope, apiKeyOnly, query, headers } = operation;
    const body = operation.body ?? (method === "post" ? emptyBody : undefined);
    const guards = [...(scope ? [requireScope(scope)] : []), ...(apiKeyOnly ? [requireApiKey] : [])];
    const handle: RequestHandler = async (req, res) => {
      const input = {
        req,
        res,
        body: body ? parseOrThrow(body, jsonBody(req)) : undefined,
        query: query ? parseOrThrow(query, req.query) : undefined,
        headers: headers
          ? parseOrThrow(
              headers,
              Object.fromEntries(Object.keys(headers.shape).map((name) => [name, req.get(name)])),
            )
          : undefined,
      };
      const answer = await operation.handler(input, deps);
      const status = answer.status ?? operation.status;
      if (answer.rawField) {
        const { name, json } = answer.rawField;
        sendDataWithRawField(res, status, answer.data as Record<string, unknown>, name, json);
      } else {
        sendData(res, status, answer.data, answer.meta);
      }
    };
    declared.set(handle, operation);
    router[method](expressPath(operation.path), ...guards, handle);
  }
}
