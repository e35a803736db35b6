// The document is exactly as strict as the server: every request the server refuses as malformed
// (400 or 422) is invalid against the document, and every request it accepts is valid, over the
// bad-input table, more cases per operation, the document's own request examples (which the server
// must accept) and every one-field change of them that the schemas suggest (schema-mutations.ts).
// What a JSON Schema cannot say is listed in GAPS with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";
import { cases as badInputs, good, pathOf } from "./bad-input-cases.js";
import { type DocumentRequest, requestValidator } from "./request-against-document.js";
import { mutationsOf, queryMutationsOf } from "./schema-mutations.js";
import { fetchServedDocument, operationsOf, type ServedDocument } from "./served-openapi.js";
import { strictnessCases } from "./strictness-cases.js";

const GAPS: Record<string, string> = {
  "a trailing dot in the host name": "host names are checked by the server's URL parser",
  "a lone surrogate in the description": "a pattern cannot tell a lone UTF-16 surrogate",
  "status and active disagree": "a rule between two fields",
  "garbled cursor": "cursors are opaque",
  "recover with until before since": "a rule between two fields",
  "PATCH with a private URL": "whether an address is private is decided on the address",
  "an account name like an id": "saying 'not a uuid' takes a `not` schema, which generators mishandle",
};
const gapOf = (name: string) =>
  name.startsWith("private target") ? "whether an address is private is decided on the address" : GAPS[name];

let stack: HeraldStack;
let served: ServedDocument;
let key: string;
let service: string;
let webhookId: string;
let validate: (request: DocumentRequest) => string[];

beforeAll(async () => {
  stack = await HeraldStack.start({
    env: {
      ALLOW_HTTP_URLS: "false",
      ALLOWED_PRIVATE_NETWORKS: "",
      MAX_PAYLOAD_BYTES: "4096",
      // The accepted cases create webhooks; the account's cap must not refuse them.
      MAX_WEBHOOKS_PER_ACCOUNT: "100000",
    },
  });
  served = await fetchServedDocument(stack);
  validate = requestValidator(served.document);
  key = await stack.key(["*"], "strict");
  service = await stack.key(["accounts:*", "*"], "platform");
  webhookId = (await stack.call("POST", "/v1/webhooks", { key, body: good })).body.data.id as string;
});
afterAll(async () => {
  await served?.remove();
  await stack?.stop();
});

// The server's verdict and the document's on the same request.
async function judge(request: DocumentRequest, credential: string) {
  const answer = await stack.call(request.method, request.url, {
    key: credential,
    body: request.body,
    headers: request.headers,
  });
  const headers = {
    ...(request.body === undefined ? {} : { "content-type": "application/json" }),
    ...request.headers,
  };
  return { status: answer.status, problems: validate({ ...request, headers }) };
}

// How many cases each verdict had, so that a run where nothing got through (a bad key) fails.
const tally = { refused: 0, accepted: 0 };

// What is wrong when the server and the document disagree on a request, else undefined.
function disagreement(name: string, { status, problems }: { status: number; problems: string[] }) {
  const refused = status === 400 || status === 422;
  if (!refused && status >= 300) return undefined; // 404, 409, 413...: not about the request's shape
  tally[refused ? "refused" : "accepted"]++;
  const gap = gapOf(name);
  // A gap stays listed until the document learns to say it; then the case moves out of GAPS.
  if (refused && gap) return problems.length ? `${name}: no longer a gap (${gap})` : undefined;
  if (refused)
    return problems.length ? undefined : `${name}: the server answered ${status}, the document accepts it`;
  return problems.length
    ? `${name}: the server answered ${status}, the document refuses it: ${problems}`
    : undefined;
}

function expectAgreement(name: string, verdict: { status: number; problems: string[] }) {
  expect(disagreement(name, verdict)).toBeUndefined();
}

// The operations with a request example, ready to call: accounts before their keys.
function operationsWithExamples() {
  return operationsOf(served.document)
    .filter(({ operation }) => operation.requestBody?.content["application/json"]?.example !== undefined)
    .sort((a, b) => a.path.split("/").length - b.path.split("/").length)
    .map(({ path, method, operation }) => ({
      operation,
      method: method.toUpperCase(),
      url: path.replace("{id}", webhookId).replace("{account}", "acme-shop"),
      credential: path.startsWith("/v1/accounts") ? service : key,
      schema: operation.requestBody?.content["application/json"]?.schema,
      example: operation.requestBody?.content["application/json"]?.example as Record<string, unknown>,
    }));
}

describe("the document is as strict as the server", () => {
  it.each(badInputs)("bad input: $name", async (c) => {
    const request = {
      method: c.method ?? "POST",
      url: pathOf(c, webhookId),
      body: c.body,
      headers: c.headers ?? {},
    };
    expectAgreement(c.name, await judge(request, key));
  });

  it.each(strictnessCases)("$name", async (c) => {
    const request = {
      method: c.method,
      url: c.path.replace("{webhook}", webhookId),
      body: c.body,
      headers: c.headers ?? {},
    };
    expectAgreement(c.name, await judge(request, c.service ? service : key));
  });

  it("judged enough cases both ways", () => {
    expect(tally.refused).toBeGreaterThan(60);
    expect(tally.accepted).toBeGreaterThan(15);
  });

  it("accepts the document's own request examples, and so does the server", async () => {
    const withExamples = operationsWithExamples();
    expect(withExamples.length).toBeGreaterThan(5);
    for (const { operation, method, url, credential, example } of withExamples) {
      const { status, problems } = await judge({ method, url, body: example }, credential);
      expect(status, `${operation.operationId} example`).toBeLessThan(300);
      expect(problems, `${operation.operationId} example`).toEqual([]);
    }
  });

  it("agrees on every one-field change of every request example", async () => {
    // The account the examples' key operations name (the examples' own test made it, unless it was
    // skipped).
    await stack.call("POST", "/v1/accounts", { key: service, body: { name: "acme-shop" } });
    const found: string[] = [];
    let judged = 0;
    for (const { operation, method, url, credential, schema, example } of operationsWithExamples()) {
      for (const mutation of mutationsOf(schema, example)) {
        const verdict = await judge({ method, url, body: mutation.body }, credential);
        judged++;
        const problem = disagreement(`${operation.operationId}: ${mutation.name}`, verdict);
        if (problem) found.push(problem);
      }
    }
    expect(judged).toBeGreaterThan(120);
    expect(found).toEqual([]);
  });

  it("agrees on query strings made from each query parameter's schema", async () => {
    const found: string[] = [];
    let judged = 0;
    for (const { path, method, operation } of operationsOf(served.document)) {
      // Paths whose parameters name something that exists: the webhook, or the examples' account.
      if (
        method !== "get" ||
        /\{(?!id\}|account\})/.test(path) ||
        (path.includes("{id}") && !path.startsWith("/v1/webhooks/"))
      )
        continue;
      const url = path.replace("{id}", webhookId).replace("{account}", "acme-shop");
      for (const { name, query } of queryMutationsOf(operation.parameters ?? [])) {
        const credential = path.startsWith("/v1/accounts") ? service : key;
        const problem = disagreement(
          `${operation.operationId}: ${name}`,
          await judge({ method: "GET", url: `${url}?${query}` }, credential),
        );
        judged++;
        if (problem) found.push(problem);
      }
    }
    expect(judged).toBeGreaterThan(30);
    expect(found).toEqual([]);
  });
});
