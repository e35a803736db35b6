import type { Request, Response } from "express";
import type { z } from "zod";
import type { Scope, SERVICE_SCOPE } from "../auth/api-keys.js";
import type { RouteDeps } from "../routes/route-deps.js";
import type { ErrorCode } from "./app-error.js";

// One operation of the API, declared once beside its handler: mountOperations routes it and the
// OpenAPI document describes it, both from this declaration.

// What the document reads of an operation.
export interface DocumentedOperation {
  method: "get" | "post" | "patch" | "delete";
  // Under /v1 (and /api/v1), parameters written {name}.
  path: string;
  // Unique: generated clients name their methods and types after it.
  operationId: string;
  summary: string;
  // Unset: no scope, the credential itself decides (a portal session's own details).
  scope?: Scope | typeof SERVICE_SCOPE;
  // Refused (403) to portal sessions even when they hold the scope.
  apiKeyOnly?: boolean;
  // The JSON body, parsed before the handler runs. A POST without one accepts only {} or nothing.
  body?: z.ZodType;
  // Where the document shows the body otherwise than `body` reads it (e.g. wrapped in `webhook`).
  documentedBody?: z.ZodType;
  // Bodies are required unless marked optional.
  optionalBody?: boolean;
  // The query string, parsed before the handler runs; each field is a documented parameter.
  query?: z.ZodObject;
  // Request headers, parsed before the handler runs (after the body), named as sent.
  headers?: z.ZodObject;
  status: number;
  // Other success statuses a handler answers (Answer.status), with the same response.
  alsoStatus?: number[];
  response: z.ZodType;
  // Errors of this operation beyond those every operation can answer (see error-responses.ts).
  errors?: ErrorCode[];
}

// A handler's answer, sent in the envelope with the operation's status.
export interface Answer {
  data: unknown;
  // Pagination fields of a list's meta.
  meta?: Record<string, unknown>;
  // Only where one operation answers two ways (recover's dry run answers 200).
  status?: number;
  // data[name] sent as this JSON text exactly as stored (event data).
  rawField?: { name: string; json: string };
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

interface HandlerInput<B, Q, H> {
  req: Request;
  res: Response;
  body: Parsed<B>;
  query: Parsed<Q>;
  headers: Parsed<H>;
}

export interface Operation extends DocumentedOperation {
  // A method, so declarations with parsed input types fit the list (see defineOperation).
  handler(
    input: HandlerInput<z.ZodType | undefined, z.ZodObject | undefined, z.ZodObject | undefined>,
    deps: RouteDeps,
  ): Promise<Answer> | Answer;
}

type Declaration<B, Q, H> = Omit<DocumentedOperation, "body" | "query" | "headers"> & {
  body?: B;
  query?: Q;
  headers?: H;
  handler(input: HandlerInput<B, Q, H>, deps: RouteDeps): Promise<Answer> | Answer;
};

// Types the handler's input from the declared schemas.
export function defineOperation<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  H extends z.ZodObject | undefined = undefined,
>(declaration: Declaration<B, Q, H>): Operation {
  return declaration as Operation;
}
