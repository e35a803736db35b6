// The headers the document declares are the ones Herald sends, and its answers' bodies match their
// schemas: on answers of every kind from a running api (success, each error, the rate limit's
// 429), and on a real delivery from the worker (the `webhooks` section: payload schema, signature
// headers, user-agent).

import type { Receiver } from "@herald/local-stack/receiver";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiAnswer,
  type HeraldStack,
  startWithReceiver,
  stopWithReceiver,
} from "../../../test/support/herald-stack.js";
import { type OpenApiDocument, resolveResponse } from "./served-openapi.js";

// Set by Node and Express on every answer, not by Herald.
const HTTP_OWN = new Set(["content-type", "content-length", "date", "connection", "keep-alive", "etag"]);
const HTTP_OWN_REQUEST = new Set(["host", "content-type", "content-length", "connection", "accept-encoding"]);
const RATE_LIMIT = 40;

let stack: HeraldStack;
let receiver: Receiver;
let key: string;
let document: OpenApiDocument;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);

beforeAll(async () => {
  ({ stack, receiver, key } = await startWithReceiver({
    worker: true,
    env: { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), MAX_PAYLOAD_BYTES: "4096" },
  }));
  document = (await (await fetch(`${stack.api.url}/openapi.json`)).json()) as OpenApiDocument;
  ajv.addSchema(document, "openapi.json");
});
afterAll(() => stopWithReceiver(stack, receiver));

// A header's value as its schema sees it: a number when it is one.
const typed = (value: string) => (/^\d+$/.test(value) ? Number(value) : value);

function expectAsDeclared(label: string, path: string, method: string, answer: ApiAnswer) {
  const operation = document.paths[path]?.[method];
  const declared = operation?.responses[String(answer.status)];
  expect(declared, `${label}: ${answer.status} is not declared`).toBeDefined();
  const headers = resolveResponse(document, declared ?? {}).headers ?? {};
  // The body too is what the document says.
  const where = declared?.$ref
    ? declared.$ref.slice(2)
    : `paths/${path.replaceAll("/", "~1").replaceAll("{", "%7B").replaceAll("}", "%7D")}/${method}/responses/${answer.status}`;
  const body = ajv.compile({ $ref: `openapi.json#/${where}/content/application~1json/schema` });
  expect(body(answer.body), `${label}: ${ajv.errorsText(body.errors)}`).toBe(true);
  const sent = [...answer.headers.keys()].filter((name) => !HTTP_OWN.has(name));
  const names = Object.keys(headers).map((name) => name.toLowerCase());
  expect(
    sent.filter((name) => !names.includes(name)),
    `${label}: sent but not declared`,
  ).toEqual([]);
  for (const [name, header] of Object.entries(headers)) {
    const component = header.$ref?.replace("#/components/headers/", "") ?? "";
    const value = answer.headers.get(name);
    if (document.components.headers[component]?.required)
      expect(value, `${label}: ${name} is declared required`).not.toBeNull();
    if (value === null) continue;
    const validate = ajv.compile({ $ref: `openapi.json#/components/headers/${component}/schema` });
    expect(validate(typed(value)), `${label}: ${name}: ${value} ${ajv.errorsText(validate.errors)}`).toBe(
      true,
    );
  }
}

describe("answers", () => {
  it("carry the headers and bodies the document declares, on every kind of answer", async () => {
    const scopeless = await stack.key([], "acme");
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: {
        url: receiver.endpoint("headers", { status: 200 }),
        events: ["product.scored"],
        status: "disabled",
      },
    });
    const id = created.body.data.id as string;
    const cases: [string, string, string, () => Promise<ApiAnswer>][] = [
      ["created", "/v1/webhooks", "post", async () => created],
      ["listed", "/v1/webhooks", "get", () => stack.call("GET", "/v1/webhooks", { key })],
      ["no key", "/v1/webhooks", "get", () => stack.call("GET", "/v1/webhooks")],
      ["no scope", "/v1/webhooks", "get", () => stack.call("GET", "/v1/webhooks", { key: scopeless })],
      [
        "unknown id",
        "/v1/webhooks/{id}",
        "get",
        () => stack.call("GET", `/v1/webhooks/${crypto.randomUUID()}`, { key }),
      ],
      [
        "bad body",
        "/v1/webhooks",
        "post",
        () => stack.call("POST", "/v1/webhooks", { key, body: { url: 1 } }),
      ],
      ["not JSON", "/v1/webhooks", "post", () => stack.call("POST", "/v1/webhooks", { key, body: "{" })],
      [
        "not JSON, to a POST that takes no body",
        "/v1/webhooks/{id}/test",
        "post",
        () => stack.call("POST", `/v1/webhooks/${id}/test`, { key, body: "{" }),
      ],
      [
        "too large",
        "/v1/events",
        "post",
        () =>
          stack.call("POST", "/v1/events", {
            key,
            body: { type: "product.scored", data: { s: "x".repeat(5000) } },
          }),
      ],
      [
        "disabled",
        "/v1/webhooks/{id}/test",
        "post",
        () => stack.call("POST", `/v1/webhooks/${id}/test`, { key }),
      ],
    ];
    const seen = new Set<number>();
    for (const [label, path, method, call] of cases) {
      const answer = await call();
      seen.add(answer.status);
      expectAsDeclared(label, path, method, answer);
    }
    expect([...seen].sort()).toEqual([200, 201, 400, 401, 403, 404, 409, 413, 422]);
  });

  it("of the rate limit (429) include Retry-After", async () => {
    const busy = await stack.key(["webhooks:read"], "acme");
    let answer = await stack.call("GET", "/v1/webhooks", { key: busy });
    expect(answer.headers.get("ratelimit-limit")).toBe(String(RATE_LIMIT));
    // The bucket refills by one every 1.5 s; a slow machine may need a few more calls.
    for (let i = 0; i < 3 * RATE_LIMIT && answer.status !== 429; i++)
      answer = await stack.call("GET", "/v1/webhooks", { key: busy });
    expect(answer.status).toBe(429);
    expectAsDeclared("rate limited", "/v1/webhooks", "get", answer);
    expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("the outbound webhook", () => {
  it("is sent as the webhooks section says: payload schema, signature headers, user-agent", async () => {
    const created = await stack.call("POST", "/v1/webhooks", {
      key,
      body: {
        url: receiver.endpoint("outbound", { status: 200 }),
        events: ["product.scored"],
        headers: { "X-Receiver-Token": "rcv_3f9a1c7e52" },
      },
    });
    const sent = await stack.call("POST", "/v1/events", {
      key,
      body: { type: "product.scored", data: { product_id: "sku-1042", score: 87 } },
    });
    const [request] = await receiver.waitForRequests("outbound", 1);
    const body = JSON.parse(request?.body ?? "");
    const payload = ajv.compile({ $ref: "openapi.json#/components/schemas/WebhookPayload" });
    expect(payload(body), ajv.errorsText(payload.errors)).toBe(true);
    expect(body).toMatchObject({ id: sent.body.data.id, type: "product.scored" });

    const post = document.webhooks.event?.post;
    const parameters = post?.parameters ?? [];
    // Every header Herald adds (beyond HTTP's own and the webhook's custom one) is declared.
    const added = Object.keys(request?.headers ?? {}).filter(
      (name) => !HTTP_OWN_REQUEST.has(name) && name !== "x-receiver-token",
    );
    expect(added.sort()).toEqual(parameters.map((p) => p.name).sort());
    for (const [index, parameter] of parameters.entries()) {
      const value = request?.headers[parameter.name];
      if (parameter.required) expect(value, parameter.name).toBeDefined();
      const validate = ajv.compile({ $ref: `openapi.json#/webhooks/event/post/parameters/${index}/schema` });
      expect(validate(value), `${parameter.name}: ${value} ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    expect(request?.headers["x-receiver-token"]).toBe("rcv_3f9a1c7e52");
    // The headers mean what the section says: the webhook's secret verifies the signature.
    const secret = created.body.data.secret as string;
    expect(new Webhook(secret).verify(request?.body ?? "", request?.headers ?? {})).toEqual(body);
  });
});
