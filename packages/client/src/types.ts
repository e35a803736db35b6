// Names for the parts of the generated OpenAPI types that callers use.
import type { components, operations } from "./generated/openapi.js";
import type { routes } from "./generated/routes.js";

// The API's operations (`operations` also holds the outbound webhook's, which no one calls).
export type OperationId = keyof typeof routes;
type Schemas = components["schemas"];

export type Webhook = Schemas["Webhook"];
export type WebhookWithSecret = Schemas["WebhookWithSecret"];
export type Delivery = Schemas["Delivery"];
export type DeliveryAttempt = Schemas["DeliveryAttempt"];
export type Event = Schemas["Event"];
export type EventType = Schemas["EventType"];
export type Account = Schemas["Account"];
export type ApiKey = Schemas["ApiKey"];
export type ApiKeyWithSecret = Schemas["ApiKeyWithSecret"];
export type PortalSession = Schemas["PortalSession"];
export type Meta = Schemas["Meta"];
export type PageMeta = Schemas["PageMeta"];
export type ErrorEnvelope = Schemas["Error"];

type Responses<K extends OperationId> = operations[K]["responses"];
type SuccessStatus<K extends OperationId> = Extract<keyof Responses<K>, 200 | 201 | 202 | 204>;
type SuccessBody<K extends OperationId> = Responses<K>[SuccessStatus<K>] extends {
  content: { "application/json": infer B };
}
  ? B
  : never;

// What an operation answers inside the envelope's `data`, and its `meta`.
export type Data<K extends OperationId> = SuccessBody<K> extends { data: infer D } ? D : never;
export type MetaOf<K extends OperationId> = SuccessBody<K> extends { meta: infer M } ? M : never;

// An operation's JSON request body.
export type Body<K extends OperationId> =
  NonNullable<operations[K]["requestBody"]> extends {
    content: { "application/json": infer B };
  }
    ? B
    : never;

// An operation's query parameters.
export type Query<K extends OperationId> = NonNullable<operations[K]["parameters"]["query"]>;

// Every error code an operation of the API can answer.
type ErrorResponse = components["responses"][keyof components["responses"]]["content"]["application/json"];
export type ErrorCode = NonNullable<NonNullable<ErrorResponse["error"]>["code"]>;

export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

// What every method takes last.
export interface CallOptions {
  // With a service key (scope accounts:*): the account (id or name) this call acts for.
  account?: string;
  signal?: AbortSignal;
}
