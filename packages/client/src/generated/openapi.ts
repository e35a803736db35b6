// Types of every path, operation and schema, generated from Herald's OpenAPI document by `npm run generate -w @herald/client`. Do not edit.

export interface paths {
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhooks
         * @description Requires the scope `webhooks:read`.
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Create a webhook (body wrapped in `webhook` or not); 422 when the account already has the most webhooks the operator allows
         * @description Requires the scope `webhooks:write`.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the event catalog
         * @description Requires the scope `webhooks:read`.
         */
        get: operations["listEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook
         * @description Requires the scope `webhooks:read`.
         */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook; its pending deliveries stop
         * @description Requires the scope `webhooks:write`.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /**
         * Update a webhook; only given fields change
         * @description Requires the scope `webhooks:write`.
         */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret (returned once); with a grace period every earlier secret signs until its own expiry (at most 4, else 409)
         * @description Requires the scope `webhooks:write`.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a signed webhook.test event now and report the attempt; 429 while the webhook or its destination already has as many requests in flight as allowed
         * @description Requires the scope `webhooks:write`.
         */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-send, for events created in [since, until), the failed deliveries and the events skipped while the webhook was disabled (202); with dry_run only count them (200)
         * @description Requires the scope `webhooks:write`.
         */
        post: operations["recoverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a webhook's deliveries
         * @description Requires the scope `deliveries:read`.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The event log: the account's events, newest first, with delivery counts
         * @description Requires the scope `events:read`.
         */
        get: operations["listEvents"];
        put?: never;
        /**
         * Ingest an event (Idempotency-Key header or `id` dedupes)
         * @description Requires the scope `events:write`.
         */
        post: operations["sendEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest up to 100 events in one request: one result per event, in order; a bad event fails only itself
         * @description Requires the scope `events:write`.
         */
        post: operations["sendEventBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an event, its data exactly as sent, and its first 100 deliveries
         * @description Requires the scope `events:read`.
         */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An event's deliveries, oldest first
         * @description Requires the scope `events:read`.
         */
        get: operations["listEventDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a delivery with its first 100 attempts
         * @description Requires the scope `deliveries:read`.
         */
        get: operations["getDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deliveries/{id}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A delivery's attempts, oldest first
         * @description Requires the scope `deliveries:read`.
         */
        get: operations["listDeliveryAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/deliveries/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver again now, whatever the state (after an attempt in flight, if any)
         * @description Requires the scope `deliveries:write`.
         */
        post: operations["retryDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/portal-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A portal link: the web UI for this account only, read or manage rights, ≤ 24 h, frameable by the named origins (API keys only)
         * @description Requires the scope `webhooks:write`.
         */
        post: operations["createPortalSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/portal-sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a portal session; every API server refuses it within seconds (the credential cache's lifetime)
         * @description Requires the scope `webhooks:write`.
         */
        delete: operations["revokePortalSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/portal-sessions/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The portal session making the call: rights, framing origins, end (404 for an API key)
         * @description With a portal session's own token.
         */
        get: operations["getCurrentPortalSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List accounts, newest first (service keys only)
         * @description Requires the scope `accounts:*`.
         */
        get: operations["listAccounts"];
        put?: never;
        /**
         * Create an account (service keys only; 409 when the name is taken)
         * @description Requires the scope `accounts:*`.
         */
        post: operations["createAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{account}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an account by id or name (service keys only)
         * @description Requires the scope `accounts:*`.
         */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{account}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the account's API keys, newest first, revoked ones included (service keys only)
         * @description Requires the scope `accounts:*`.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key of the account; the key is in this answer only (service keys only)
         * @description Requires the scope `accounts:*`.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts/{account}/keys/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key of the account (service keys only)
         * @description Requires the scope `accounts:*`.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    event: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * An event delivered to a webhook's URL
         * @description Herald POSTs each event to the URL of every active webhook subscribed to its type, signed per Standard Webhooks (https://www.standardwebhooks.com): verify with the `standardwebhooks` or `svix` libraries and the webhook's secret. Any 2xx answer is a success; anything else, a redirect, a timeout or a connection error is a failed attempt, retried with backoff (Retry-After on 429 and 503 is honoured within bounds). 410 Gone disables the webhook at once. The webhook's own custom `headers` are sent too.
         */
        post: operations["receiveEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        Webhook: {
            /** Format: uuid */
            id: string;
            url: string;
            events: string[];
            /** @enum {string} */
            status: "active" | "disabled";
            active: boolean;
            description: string | null;
            failure_count: number;
            last_triggered_at: string | null;
            last_used_at: string | null;
            last_success_at: string | null;
            last_failure_at: string | null;
            last_error: string | null;
            disabled_reason: string | null;
            headers: {
                [key: string]: string;
            };
            rate_limit_per_second: number | null;
            max_in_flight: number | null;
            ordered: boolean;
            retry_schedule: number[] | null;
            timeout_ms: number | null;
            circuit: ("closed" | "open" | "half_open") | null;
            circuit_retry_at: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        PageMeta: {
            /** Format: date-time */
            timestamp: string;
            request_id: string;
            limit: number;
            has_more: boolean;
            next_cursor: string | null;
        };
        WebhookWithSecret: {
            /** Format: uuid */
            id: string;
            url: string;
            events: string[];
            /** @enum {string} */
            status: "active" | "disabled";
            active: boolean;
            description: string | null;
            failure_count: number;
            last_triggered_at: string | null;
            last_used_at: string | null;
            last_success_at: string | null;
            last_failure_at: string | null;
            last_error: string | null;
            disabled_reason: string | null;
            headers: {
                [key: string]: string;
            };
            rate_limit_per_second: number | null;
            max_in_flight: number | null;
            ordered: boolean;
            retry_schedule: number[] | null;
            timeout_ms: number | null;
            circuit: ("closed" | "open" | "half_open") | null;
            circuit_retry_at: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            secret: string;
        };
        Meta: {
            /** Format: date-time */
            timestamp: string;
            request_id: string;
        };
        EventType: {
            name: string;
            description: string;
        };
        Delivery: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            event_id: string;
            /** Format: uuid */
            webhook_id: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            attempt_count: number;
            next_attempt_at: string | null;
            last_status_code: number | null;
            last_error: string | null;
            is_test: boolean;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            completed_at: string | null;
        };
        Event: {
            /** Format: uuid */
            id: string;
            type: string;
            /** Format: date-time */
            created_at: string;
            idempotency_key: string | null;
            deliveries: {
                total: number;
                pending: number;
                succeeded: number;
                failed: number;
            };
        };
        DeliveryAttempt: {
            attempt_number: number;
            /** Format: date-time */
            attempted_at: string;
            /** @enum {string} */
            outcome: "success" | "http_error" | "timeout" | "network_error" | "blocked";
            status_code: number | null;
            duration_ms: number;
            response_body: string | null;
            error: string | null;
        };
        PortalSession: {
            /** Format: uuid */
            id: string;
            url: string;
            /** @enum {string} */
            rights: "read" | "manage";
            allowed_origins: string[];
            /** Format: date-time */
            expires_at: string;
        };
        Account: {
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: date-time */
            created_at: string;
        };
        ApiKeyWithSecret: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            account_id: string;
            name: string;
            prefix: string;
            scopes: string[];
            /** Format: date-time */
            created_at: string;
            last_used_at: string | null;
            revoked_at: string | null;
            key: string;
        };
        ApiKey: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            account_id: string;
            name: string;
            prefix: string;
            scopes: string[];
            /** Format: date-time */
            created_at: string;
            last_used_at: string | null;
            revoked_at: string | null;
        };
        Error: {
            /** @constant */
            success: false;
            error: {
                code: string;
                message: string;
                details?: {
                    [key: string]: string;
                };
            };
            meta: components["schemas"]["Meta"];
        };
        /** @description The body of every delivery. Deduplicate on `id` (also in the webhook-id header): at-least-once delivery may repeat a request. */
        WebhookPayload: {
            /**
             * Format: uuid
             * @description The event's id; the same on every attempt
             */
            id: string;
            /** @description The event type (GET /v1/webhooks/events describes each) */
            type: string;
            /**
             * Format: date-time
             * @description When Herald accepted the event
             */
            timestamp: string;
            /** @description The event's data exactly as the producer sent it */
            data: {
                [key: string]: unknown;
            };
        };
    };
    responses: {
        /** @description Malformed JSON or a body that is not JSON */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "error": {
                 *         "code": "BAD_REQUEST",
                 *         "message": "Request body is not valid JSON"
                 *       },
                 *       "meta": {
                 *         "timestamp": "2026-12-01T10:15:30.123Z",
                 *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"] & {
                    error?: {
                        /** @enum {unknown} */
                        code?: "BAD_REQUEST";
                        message?: string;
                        details?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        /** @description No, a malformed, unknown or revoked credential */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "error": {
                 *         "code": "UNAUTHORIZED",
                 *         "message": "Unknown or revoked API key"
                 *       },
                 *       "meta": {
                 *         "timestamp": "2026-12-01T10:15:30.123Z",
                 *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"] & {
                    error?: {
                        /** @enum {unknown} */
                        code?: "UNAUTHORIZED";
                        message?: string;
                        details?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        /** @description The credential lacks the operation's scope, or names another account in Herald-Account */
        Forbidden: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "error": {
                 *         "code": "FORBIDDEN",
                 *         "message": "This API key lacks the scope webhooks:write",
                 *         "details": {
                 *           "scope": "required: webhooks:write"
                 *         }
                 *       },
                 *       "meta": {
                 *         "timestamp": "2026-12-01T10:15:30.123Z",
                 *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"] & {
                    error?: {
                        /** @enum {unknown} */
                        code?: "FORBIDDEN";
                        message?: string;
                        details?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        /** @description No such resource in this account, or (service keys) no account named in Herald-Account */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "error": {
                 *         "code": "NOT_FOUND",
                 *         "message": "Webhook not found"
                 *       },
                 *       "meta": {
                 *         "timestamp": "2026-12-01T10:15:30.123Z",
                 *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"] & {
                    error?: {
                        /** @enum {unknown} */
                        code?: "NOT_FOUND";
                        message?: string;
                        details?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        /** @description The resource's state does not allow this now */
        Conflict: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "error": {
                 *         "code": "CONFLICT",
                 *         "message": "The webhook is disabled; enable it first"
                 *       },
                 *       "meta": {
                 *         "timestamp": "2026-12-01T10:15:30.123Z",
                 *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"] & {
                    error?: {
                        /** @enum {unknown} */
                        code?: "CONFLICT";
                        message?: string;
                        details?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        /** @description The body is larger than this API accepts (256 KiB unless the operator changed it) */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "error": {
                 *         "code": "PAYLOAD_TOO_LARGE",
                 *         "message": "Request body is larger than the configured limit"
                 *       },
                 *       "meta": {
                 *         "timestamp": "2026-12-01T10:15:30.123Z",
                 *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"] & {
                    error?: {
                        /** @enum {unknown} */
                        code?: "PAYLOAD_TOO_LARGE";
                        message?: string;
                        details?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        /** @description A field, query parameter or header is invalid; `details` names each one */
        ValidationError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "error": {
                 *         "code": "VALIDATION_ERROR",
                 *         "message": "Validation error",
                 *         "details": {
                 *           "url": "must use https://",
                 *           "events.0": "unknown event type \"product.exploded\""
                 *         }
                 *       },
                 *       "meta": {
                 *         "timestamp": "2026-12-01T10:15:30.123Z",
                 *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"] & {
                    error?: {
                        /** @enum {unknown} */
                        code?: "VALIDATION_ERROR";
                        message?: string;
                        details?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        /** @description Rate limit or failed-authentication limit reached; see Retry-After */
        RateLimited: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "error": {
                 *         "code": "RATE_LIMITED",
                 *         "message": "Rate limit of 6000 requests per minute exceeded; retry in 3 s"
                 *       },
                 *       "meta": {
                 *         "timestamp": "2026-12-01T10:15:30.123Z",
                 *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"] & {
                    error?: {
                        /** @enum {unknown} */
                        code?: "RATE_LIMITED";
                        message?: string;
                        details?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        /** @description An unexpected error; meta.request_id finds it in Herald's logs */
        InternalError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "error": {
                 *         "code": "INTERNAL_ERROR",
                 *         "message": "An unexpected error occurred"
                 *       },
                 *       "meta": {
                 *         "timestamp": "2026-12-01T10:15:30.123Z",
                 *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"] & {
                    error?: {
                        /** @enum {unknown} */
                        code?: "INTERNAL_ERROR";
                        message?: string;
                        details?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
        /** @description Herald's database or queue is unreachable; nothing was changed, retry later */
        ServiceUnavailable: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "error": {
                 *         "code": "SERVICE_UNAVAILABLE",
                 *         "message": "The database is unavailable; nothing was changed. Retry later."
                 *       },
                 *       "meta": {
                 *         "timestamp": "2026-12-01T10:15:30.123Z",
                 *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["Error"] & {
                    error?: {
                        /** @enum {unknown} */
                        code?: "SERVICE_UNAVAILABLE";
                        message?: string;
                        details?: {
                            [key: string]: string;
                        };
                    };
                };
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /**
         * @description Identifies this request in Herald's logs; equal to meta.request_id. A well-formed X-Request-Id sent with the request (32 lower-case hex digits) is kept.
         * @example 4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a
         */
        RequestId: string;
        /**
         * @description Requests this API key may make per minute, across all API servers. Sent once the key is authenticated, unless the operator turned the limit off.
         * @example 6000
         */
        RateLimitLimit: number;
        /**
         * @description Requests this API key may still make now; the allowance refills evenly over a minute. Sent with RateLimit-Limit.
         * @example 5987
         */
        RateLimitRemaining: number;
        /**
         * @description Seconds to wait before trying again
         * @example 3
         */
        RetryAfter: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listWebhooks: {
        parameters: {
            query?: {
                /** @description Page size, 1-100 */
                limit?: number;
                /** @description meta.next_cursor of the previous page */
                cursor?: string;
            };
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *           "url": "https://hooks.acme-shop.com/herald",
                     *           "events": [
                     *             "product.scored",
                     *             "product.synced"
                     *           ],
                     *           "status": "active",
                     *           "active": true,
                     *           "description": "Catalog sync receiver",
                     *           "failure_count": 0,
                     *           "last_triggered_at": "2026-12-01T10:15:29.841Z",
                     *           "last_used_at": "2026-12-01T10:15:29.841Z",
                     *           "last_success_at": "2026-12-01T10:15:29.841Z",
                     *           "last_failure_at": null,
                     *           "last_error": null,
                     *           "disabled_reason": null,
                     *           "headers": {
                     *             "X-Receiver-Token": "[redacted]"
                     *           },
                     *           "rate_limit_per_second": 50,
                     *           "max_in_flight": null,
                     *           "ordered": false,
                     *           "retry_schedule": null,
                     *           "timeout_ms": null,
                     *           "circuit": "closed",
                     *           "circuit_retry_at": null,
                     *           "created_at": "2026-11-02T09:12:44.108Z",
                     *           "updated_at": "2026-11-02T09:12:44.108Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a",
                     *         "limit": 20,
                     *         "has_more": true,
                     *         "next_cursor": "WyIyMDI2LTExLTMwVDE0OjA1OjEyLjQxN1oiLCIwMTkzYTVjMi03ZTQxLTdjM2EtOWYxMi0zYjhlNGQ2YTFjMDEiXQ"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["Webhook"][];
                        meta: components["schemas"]["PageMeta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://hooks.acme-shop.com/herald",
                 *       "events": [
                 *         "product.scored",
                 *         "product.synced"
                 *       ],
                 *       "description": "Catalog sync receiver",
                 *       "headers": {
                 *         "X-Receiver-Token": "rcv_3f9a1c7e52"
                 *       },
                 *       "rate_limit_per_second": 50
                 *     }
                 */
                "application/json": {
                    /** @description Receiver URL: https://, without credentials; not a loopback, private or link-local address */
                    url: string & (unknown & unknown);
                    /** @description Event types from GET /v1/webhooks/events, or ["*"] for all */
                    events: string[];
                    description?: string | null;
                    /** @enum {string} */
                    status?: "active" | "disabled";
                    active?: boolean;
                    headers?: {
                        [key: string]: string;
                    } | null;
                    /** @description Fleet-wide request rate limit for this webhook */
                    rate_limit_per_second?: number | null;
                    /** @description Requests to this webhook in flight at once, fleet-wide */
                    max_in_flight?: number | null;
                    /** @description Deliver in event order, one at a time */
                    ordered?: boolean;
                    /** @description Delays in seconds between attempts; attempts = entries + 1 */
                    retry_schedule?: number[] | null;
                    /** @description Request timeout for this webhook */
                    timeout_ms?: number | null;
                } | {
                    webhook: {
                        /** @description Receiver URL: https://, without credentials; not a loopback, private or link-local address */
                        url: string & (unknown & unknown);
                        /** @description Event types from GET /v1/webhooks/events, or ["*"] for all */
                        events: string[];
                        description?: string | null;
                        /** @enum {string} */
                        status?: "active" | "disabled";
                        active?: boolean;
                        headers?: {
                            [key: string]: string;
                        } | null;
                        /** @description Fleet-wide request rate limit for this webhook */
                        rate_limit_per_second?: number | null;
                        /** @description Requests to this webhook in flight at once, fleet-wide */
                        max_in_flight?: number | null;
                        /** @description Deliver in event order, one at a time */
                        ordered?: boolean;
                        /** @description Delays in seconds between attempts; attempts = entries + 1 */
                        retry_schedule?: number[] | null;
                        /** @description Request timeout for this webhook */
                        timeout_ms?: number | null;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *         "url": "https://hooks.acme-shop.com/herald",
                     *         "events": [
                     *           "product.scored",
                     *           "product.synced"
                     *         ],
                     *         "status": "active",
                     *         "active": true,
                     *         "description": "Catalog sync receiver",
                     *         "failure_count": 0,
                     *         "last_triggered_at": null,
                     *         "last_used_at": null,
                     *         "last_success_at": null,
                     *         "last_failure_at": null,
                     *         "last_error": null,
                     *         "disabled_reason": null,
                     *         "headers": {
                     *           "X-Receiver-Token": "[redacted]"
                     *         },
                     *         "rate_limit_per_second": 50,
                     *         "max_in_flight": null,
                     *         "ordered": false,
                     *         "retry_schedule": null,
                     *         "timeout_ms": null,
                     *         "circuit": "closed",
                     *         "circuit_retry_at": null,
                     *         "created_at": "2026-11-02T09:12:44.108Z",
                     *         "updated_at": "2026-11-02T09:12:44.108Z",
                     *         "secret": "whsec_zuTs2Scqmq2nWvnDgOL7WSvn+FQjqU2f4vjB2oFg5wI="
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["WebhookWithSecret"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listEventTypes: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "name": "product.scored",
                     *           "description": "A product was scored"
                     *         },
                     *         {
                     *           "name": "product.synced",
                     *           "description": "A product sync completed"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["EventType"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *         "url": "https://hooks.acme-shop.com/herald",
                     *         "events": [
                     *           "product.scored",
                     *           "product.synced"
                     *         ],
                     *         "status": "active",
                     *         "active": true,
                     *         "description": "Catalog sync receiver",
                     *         "failure_count": 0,
                     *         "last_triggered_at": "2026-12-01T10:15:29.841Z",
                     *         "last_used_at": "2026-12-01T10:15:29.841Z",
                     *         "last_success_at": "2026-12-01T10:15:29.841Z",
                     *         "last_failure_at": null,
                     *         "last_error": null,
                     *         "disabled_reason": null,
                     *         "headers": {
                     *           "X-Receiver-Token": "[redacted]"
                     *         },
                     *         "rate_limit_per_second": 50,
                     *         "max_in_flight": null,
                     *         "ordered": false,
                     *         "retry_schedule": null,
                     *         "timeout_ms": null,
                     *         "circuit": "closed",
                     *         "circuit_retry_at": null,
                     *         "created_at": "2026-11-02T09:12:44.108Z",
                     *         "updated_at": "2026-11-02T09:12:44.108Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["Webhook"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *         "deleted": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: {
                            /** Format: uuid */
                            id: string;
                            /** @constant */
                            deleted: true;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "events": [
                 *         "product.scored",
                 *         "product.synced",
                 *         "optimization.applied"
                 *       ],
                 *       "ordered": true
                 *     }
                 */
                "application/json": {
                    /** @description Receiver URL: https://, without credentials; not a loopback, private or link-local address */
                    url?: string & (unknown & unknown);
                    /** @description Event types from GET /v1/webhooks/events, or ["*"] for all */
                    events?: string[];
                    description?: string | null;
                    /** @enum {string} */
                    status?: "active" | "disabled";
                    active?: boolean;
                    headers?: {
                        [key: string]: string;
                    } | null;
                    /** @description Fleet-wide request rate limit for this webhook */
                    rate_limit_per_second?: number | null;
                    /** @description Requests to this webhook in flight at once, fleet-wide */
                    max_in_flight?: number | null;
                    /** @description Deliver in event order, one at a time */
                    ordered?: boolean;
                    /** @description Delays in seconds between attempts; attempts = entries + 1 */
                    retry_schedule?: number[] | null;
                    /** @description Request timeout for this webhook */
                    timeout_ms?: number | null;
                } | {
                    webhook: {
                        /** @description Receiver URL: https://, without credentials; not a loopback, private or link-local address */
                        url?: string & (unknown & unknown);
                        /** @description Event types from GET /v1/webhooks/events, or ["*"] for all */
                        events?: string[];
                        description?: string | null;
                        /** @enum {string} */
                        status?: "active" | "disabled";
                        active?: boolean;
                        headers?: {
                            [key: string]: string;
                        } | null;
                        /** @description Fleet-wide request rate limit for this webhook */
                        rate_limit_per_second?: number | null;
                        /** @description Requests to this webhook in flight at once, fleet-wide */
                        max_in_flight?: number | null;
                        /** @description Deliver in event order, one at a time */
                        ordered?: boolean;
                        /** @description Delays in seconds between attempts; attempts = entries + 1 */
                        retry_schedule?: number[] | null;
                        /** @description Request timeout for this webhook */
                        timeout_ms?: number | null;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *         "url": "https://hooks.acme-shop.com/herald",
                     *         "events": [
                     *           "product.scored",
                     *           "product.synced",
                     *           "optimization.applied"
                     *         ],
                     *         "status": "active",
                     *         "active": true,
                     *         "description": "Catalog sync receiver",
                     *         "failure_count": 0,
                     *         "last_triggered_at": "2026-12-01T10:15:29.841Z",
                     *         "last_used_at": "2026-12-01T10:15:29.841Z",
                     *         "last_success_at": "2026-12-01T10:15:29.841Z",
                     *         "last_failure_at": null,
                     *         "last_error": null,
                     *         "disabled_reason": null,
                     *         "headers": {
                     *           "X-Receiver-Token": "[redacted]"
                     *         },
                     *         "rate_limit_per_second": 50,
                     *         "max_in_flight": null,
                     *         "ordered": true,
                     *         "retry_schedule": null,
                     *         "timeout_ms": null,
                     *         "circuit": "closed",
                     *         "circuit_retry_at": null,
                     *         "created_at": "2026-11-02T09:12:44.108Z",
                     *         "updated_at": "2026-12-01T10:15:30.123Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["Webhook"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "grace_period_seconds": 86400
                 *     }
                 */
                "application/json": {
                    grace_period_seconds?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *         "url": "https://hooks.acme-shop.com/herald",
                     *         "events": [
                     *           "product.scored",
                     *           "product.synced"
                     *         ],
                     *         "status": "active",
                     *         "active": true,
                     *         "description": "Catalog sync receiver",
                     *         "failure_count": 0,
                     *         "last_triggered_at": "2026-12-01T10:15:29.841Z",
                     *         "last_used_at": "2026-12-01T10:15:29.841Z",
                     *         "last_success_at": "2026-12-01T10:15:29.841Z",
                     *         "last_failure_at": null,
                     *         "last_error": null,
                     *         "disabled_reason": null,
                     *         "headers": {
                     *           "X-Receiver-Token": "[redacted]"
                     *         },
                     *         "rate_limit_per_second": 50,
                     *         "max_in_flight": null,
                     *         "ordered": false,
                     *         "retry_schedule": null,
                     *         "timeout_ms": null,
                     *         "circuit": "closed",
                     *         "circuit_retry_at": null,
                     *         "created_at": "2026-11-02T09:12:44.108Z",
                     *         "updated_at": "2026-11-02T09:12:44.108Z",
                     *         "secret": "whsec_EfKc60OKkXvEuK4n9X/ymIpQs744hS51z18gM+RRcbs=",
                     *         "previous_secret_expires_at": "2026-12-02T10:15:30.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: {
                            /** Format: uuid */
                            id: string;
                            url: string;
                            events: string[];
                            /** @enum {string} */
                            status: "active" | "disabled";
                            active: boolean;
                            description: string | null;
                            failure_count: number;
                            last_triggered_at: string | null;
                            last_used_at: string | null;
                            last_success_at: string | null;
                            last_failure_at: string | null;
                            last_error: string | null;
                            disabled_reason: string | null;
                            headers: {
                                [key: string]: string;
                            };
                            rate_limit_per_second: number | null;
                            max_in_flight: number | null;
                            ordered: boolean;
                            retry_schedule: number[] | null;
                            timeout_ms: number | null;
                            circuit: ("closed" | "open" | "half_open") | null;
                            circuit_retry_at: string | null;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            secret: string;
                            previous_secret_expires_at: string | null;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    testWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "delivery_id": "0193a7f3-0c11-7e22-9a33-6b7c8d9e0f12",
                     *         "event_id": "0193a7f3-0c11-7e22-9a33-0a1b2c3d4e5f",
                     *         "success": true,
                     *         "outcome": "success",
                     *         "status_code": 200,
                     *         "duration_ms": 53,
                     *         "error": null,
                     *         "response_body": "{\"ok\":true}"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: {
                            /** Format: uuid */
                            delivery_id: string;
                            /** Format: uuid */
                            event_id: string;
                            success: boolean;
                            /** @enum {string} */
                            outcome: "success" | "http_error" | "timeout" | "network_error" | "blocked";
                            status_code: number | null;
                            duration_ms: number;
                            error: string | null;
                            response_body: string | null;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    recoverWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "since": "2026-11-30T00:00:00Z",
                 *       "until": "2026-12-01T00:00:00Z"
                 *     }
                 */
                "application/json": {
                    /**
                     * Format: date-time
                     * @description Events created at or after this time
                     */
                    since: string;
                    /**
                     * Format: date-time
                     * @description Events created before this time (default: now)
                     */
                    until?: string;
                    /** @description Only count what would be re-sent */
                    dry_run?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "webhook_id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *         "since": "2026-11-30T00:00:00.000Z",
                     *         "until": "2026-12-01T00:00:00.000Z",
                     *         "dry_run": true,
                     *         "recovered": 14,
                     *         "failed_deliveries": 9,
                     *         "skipped_events": 5
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: {
                            /** Format: uuid */
                            webhook_id: string;
                            /** Format: date-time */
                            since: string;
                            /** Format: date-time */
                            until: string;
                            dry_run: boolean;
                            recovered: number;
                            failed_deliveries: number;
                            skipped_events: number;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Success */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "webhook_id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *         "since": "2026-11-30T00:00:00.000Z",
                     *         "until": "2026-12-01T00:00:00.000Z",
                     *         "dry_run": false,
                     *         "recovered": 14,
                     *         "failed_deliveries": 9,
                     *         "skipped_events": 5
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: {
                            /** Format: uuid */
                            webhook_id: string;
                            /** Format: date-time */
                            since: string;
                            /** Format: date-time */
                            until: string;
                            dry_run: boolean;
                            recovered: number;
                            failed_deliveries: number;
                            skipped_events: number;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Page size, 1-100 */
                limit?: number;
                /** @description meta.next_cursor of the previous page */
                cursor?: string;
                /** @description Only deliveries in this state */
                status?: "pending" | "succeeded" | "failed";
                /** @description Deliveries created at or after */
                since?: string;
                /** @description Deliveries created before */
                until?: string;
            };
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "0193a7e4-2b9c-7f10-b6d3-4e7f1a2b3c4d",
                     *           "event_id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
                     *           "webhook_id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *           "status": "succeeded",
                     *           "attempt_count": 2,
                     *           "next_attempt_at": null,
                     *           "last_status_code": 200,
                     *           "last_error": null,
                     *           "is_test": false,
                     *           "created_at": "2026-12-01T10:15:01.502Z",
                     *           "updated_at": "2026-12-01T10:15:29.841Z",
                     *           "completed_at": "2026-12-01T10:15:29.841Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a",
                     *         "limit": 20,
                     *         "has_more": true,
                     *         "next_cursor": "WyIyMDI2LTExLTMwVDE0OjA1OjEyLjQxN1oiLCIwMTkzYTVjMi03ZTQxLTdjM2EtOWYxMi0zYjhlNGQ2YTFjMDEiXQ"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["Delivery"][];
                        meta: components["schemas"]["PageMeta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description Page size, 1-100 */
                limit?: number;
                /** @description meta.next_cursor of the previous page */
                cursor?: string;
                /** @description Only these event types (repeat the parameter or separate with commas) */
                type?: string | string[];
                /** @description Events created at or after */
                since?: string;
                /** @description Events created before */
                until?: string;
            };
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
                     *           "type": "product.scored",
                     *           "created_at": "2026-12-01T10:15:01.502Z",
                     *           "idempotency_key": "score-sku-1042-2026-12-01",
                     *           "deliveries": {
                     *             "total": 1,
                     *             "pending": 0,
                     *             "succeeded": 1,
                     *             "failed": 0
                     *           }
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a",
                     *         "limit": 20,
                     *         "has_more": true,
                     *         "next_cursor": "WyIyMDI2LTExLTMwVDE0OjA1OjEyLjQxN1oiLCIwMTkzYTVjMi03ZTQxLTdjM2EtOWYxMi0zYjhlNGQ2YTFjMDEiXQ"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["Event"][];
                        meta: components["schemas"]["PageMeta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    sendEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
                /** @description Makes the send safe to retry: the same key with the same body answers with the event it first made; with another body, 409. The same as the body's `id`. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "product.scored",
                 *       "data": {
                 *         "product_id": "sku-1042",
                 *         "score": 87,
                 *         "scored_by": "catalog-ranker"
                 *       },
                 *       "id": "score-sku-1042-2026-12-01"
                 *     }
                 */
                "application/json": {
                    type: string;
                    /** @description The event's data, delivered exactly as sent */
                    data: Record<string, unknown>;
                    /** @description Idempotency key; same as the Idempotency-Key header */
                    id?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
                     *         "type": "product.scored",
                     *         "deliveries": 1
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: {
                            /** Format: uuid */
                            id: string;
                            type: string;
                            deliveries: number;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    sendEventBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "events": [
                 *         {
                 *           "type": "product.scored",
                 *           "data": {
                 *             "product_id": "sku-1042",
                 *             "score": 87,
                 *             "scored_by": "catalog-ranker"
                 *           },
                 *           "id": "score-sku-1042-2026-12-01"
                 *         },
                 *         {
                 *           "type": "product.synced",
                 *           "data": {
                 *             "product_id": "sku-1042",
                 *             "source": "shopify"
                 *           }
                 *         },
                 *         {
                 *           "type": "product.scored",
                 *           "data": {
                 *             "product_id": "sku-7",
                 *             "score": 12
                 *           },
                 *           "id": "score-sku-1042-2026-11-30"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** @description Up to 100 events; `id` is each event's idempotency key */
                    events: {
                        type: string;
                        /** @description The event's data, delivered exactly as sent */
                        data: Record<string, unknown>;
                        /** @description Idempotency key; same as the Idempotency-Key header */
                        id?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Success */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
                     *           "type": "product.scored",
                     *           "deliveries": 1
                     *         },
                     *         {
                     *           "id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f23",
                     *           "type": "product.synced",
                     *           "deliveries": 1
                     *         },
                     *         {
                     *           "error": {
                     *             "code": "CONFLICT",
                     *             "message": "This idempotency key was already used with a different request body",
                     *             "details": {
                     *               "idempotency_key": "already used for event 0193a2d1-4c5e-7f60-8a71-b2c3d4e5f607"
                     *             }
                     *           }
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: ({
                            /** Format: uuid */
                            id: string;
                            type: string;
                            deliveries: number;
                        } | {
                            error: {
                                code: string;
                                message: string;
                                details?: {
                                    [key: string]: string;
                                };
                            };
                        })[];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
                     *         "type": "product.scored",
                     *         "data": {
                     *           "product_id": "sku-1042",
                     *           "score": 87,
                     *           "scored_by": "catalog-ranker"
                     *         },
                     *         "idempotency_key": "score-sku-1042-2026-12-01",
                     *         "created_at": "2026-12-01T10:15:01.502Z",
                     *         "deliveries": [
                     *           {
                     *             "id": "0193a7e4-2b9c-7f10-b6d3-4e7f1a2b3c4d",
                     *             "event_id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
                     *             "webhook_id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *             "status": "succeeded",
                     *             "attempt_count": 2,
                     *             "next_attempt_at": null,
                     *             "last_status_code": 200,
                     *             "last_error": null,
                     *             "is_test": false,
                     *             "created_at": "2026-12-01T10:15:01.502Z",
                     *             "updated_at": "2026-12-01T10:15:29.841Z",
                     *             "completed_at": "2026-12-01T10:15:29.841Z"
                     *           }
                     *         ],
                     *         "deliveries_next_cursor": null
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: {
                            /** Format: uuid */
                            id: string;
                            type: string;
                            data: {
                                [key: string]: unknown;
                            };
                            idempotency_key: string | null;
                            /** Format: date-time */
                            created_at: string;
                            deliveries: components["schemas"]["Delivery"][];
                            deliveries_next_cursor: string | null;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listEventDeliveries: {
        parameters: {
            query?: {
                /** @description Page size, 1-100 */
                limit?: number;
                /** @description meta.next_cursor of the previous page */
                cursor?: string;
            };
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "0193a7e4-2b9c-7f10-b6d3-4e7f1a2b3c4d",
                     *           "event_id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
                     *           "webhook_id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *           "status": "succeeded",
                     *           "attempt_count": 2,
                     *           "next_attempt_at": null,
                     *           "last_status_code": 200,
                     *           "last_error": null,
                     *           "is_test": false,
                     *           "created_at": "2026-12-01T10:15:01.502Z",
                     *           "updated_at": "2026-12-01T10:15:29.841Z",
                     *           "completed_at": "2026-12-01T10:15:29.841Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a",
                     *         "limit": 20,
                     *         "has_more": true,
                     *         "next_cursor": "WyIyMDI2LTExLTMwVDE0OjA1OjEyLjQxN1oiLCIwMTkzYTVjMi03ZTQxLTdjM2EtOWYxMi0zYjhlNGQ2YTFjMDEiXQ"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["Delivery"][];
                        meta: components["schemas"]["PageMeta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getDelivery: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a7e4-2b9c-7f10-b6d3-4e7f1a2b3c4d",
                     *         "event_id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
                     *         "webhook_id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *         "status": "succeeded",
                     *         "attempt_count": 2,
                     *         "next_attempt_at": null,
                     *         "last_status_code": 200,
                     *         "last_error": null,
                     *         "is_test": false,
                     *         "created_at": "2026-12-01T10:15:01.502Z",
                     *         "updated_at": "2026-12-01T10:15:29.841Z",
                     *         "completed_at": "2026-12-01T10:15:29.841Z",
                     *         "event_type": "product.scored",
                     *         "attempts": [
                     *           {
                     *             "attempt_number": 1,
                     *             "attempted_at": "2026-12-01T10:15:01.530Z",
                     *             "outcome": "http_error",
                     *             "status_code": 503,
                     *             "duration_ms": 212,
                     *             "response_body": "{\"error\":\"receiver is restarting\"}",
                     *             "error": null
                     *           },
                     *           {
                     *             "attempt_number": 2,
                     *             "attempted_at": "2026-12-01T10:15:29.841Z",
                     *             "outcome": "success",
                     *             "status_code": 200,
                     *             "duration_ms": 48,
                     *             "response_body": "{\"ok\":true}",
                     *             "error": null
                     *           }
                     *         ],
                     *         "attempts_next_cursor": null
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            event_id: string;
                            /** Format: uuid */
                            webhook_id: string;
                            /** @enum {string} */
                            status: "pending" | "succeeded" | "failed";
                            attempt_count: number;
                            next_attempt_at: string | null;
                            last_status_code: number | null;
                            last_error: string | null;
                            is_test: boolean;
                            /** Format: date-time */
                            created_at: string;
                            /** Format: date-time */
                            updated_at: string;
                            completed_at: string | null;
                            event_type: string | null;
                            attempts: components["schemas"]["DeliveryAttempt"][];
                            attempts_next_cursor: string | null;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listDeliveryAttempts: {
        parameters: {
            query?: {
                /** @description Page size, 1-100 */
                limit?: number;
                /** @description meta.next_cursor of the previous page */
                cursor?: string;
            };
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "attempt_number": 1,
                     *           "attempted_at": "2026-12-01T10:15:01.530Z",
                     *           "outcome": "http_error",
                     *           "status_code": 503,
                     *           "duration_ms": 212,
                     *           "response_body": "{\"error\":\"receiver is restarting\"}",
                     *           "error": null
                     *         },
                     *         {
                     *           "attempt_number": 2,
                     *           "attempted_at": "2026-12-01T10:15:29.841Z",
                     *           "outcome": "success",
                     *           "status_code": 200,
                     *           "duration_ms": 48,
                     *           "response_body": "{\"ok\":true}",
                     *           "error": null
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a",
                     *         "limit": 20,
                     *         "has_more": true,
                     *         "next_cursor": "WyIyMDI2LTExLTMwVDE0OjA1OjEyLjQxN1oiLCIwMTkzYTVjMi03ZTQxLTdjM2EtOWYxMi0zYjhlNGQ2YTFjMDEiXQ"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["DeliveryAttempt"][];
                        meta: components["schemas"]["PageMeta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    retryDelivery: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a7e4-2b9c-7f10-b6d3-4e7f1a2b3c4d",
                     *         "event_id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
                     *         "webhook_id": "0193a5c2-7e41-7c3a-9f12-3b8e4d6a1c01",
                     *         "status": "pending",
                     *         "attempt_count": 2,
                     *         "next_attempt_at": "2026-12-01T10:15:30.123Z",
                     *         "last_status_code": 200,
                     *         "last_error": null,
                     *         "is_test": false,
                     *         "created_at": "2026-12-01T10:15:01.502Z",
                     *         "updated_at": "2026-12-01T10:15:30.123Z",
                     *         "completed_at": null
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["Delivery"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createPortalSession: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "rights": "manage",
                 *       "expires_in": 3600,
                 *       "allowed_origins": [
                 *         "https://app.acme-shop.com"
                 *       ]
                 *     }
                 */
                "application/json": {
                    /**
                     * @description read: view only; manage: also change webhooks and retry deliveries
                     * @default read
                     * @enum {string}
                     */
                    rights?: "read" | "manage";
                    /**
                     * @description Seconds the session lasts (default 3600, at most 86400)
                     * @default 3600
                     */
                    expires_in?: number;
                    /**
                     * @description Origins whose pages may show the portal in an iframe (none by default)
                     * @default []
                     */
                    allowed_origins?: string[];
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a7f0-5d12-7a4b-8e9f-2c3d4e5f6a7b",
                     *         "url": "https://herald.acme-shop.com/ui/portal/0193a7f0-5d12-7a4b-8e9f-2c3d4e5f6a7b#hrld_ps_b5Ge_Sp4LGegMLLv3omnUK4h30nzG3u3OuucsOVMrDk",
                     *         "rights": "manage",
                     *         "allowed_origins": [
                     *           "https://app.acme-shop.com"
                     *         ],
                     *         "expires_at": "2026-12-01T11:15:30.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["PortalSession"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokePortalSession: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The resource's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a7f0-5d12-7a4b-8e9f-2c3d4e5f6a7b",
                     *         "revoked": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: {
                            /** Format: uuid */
                            id: string;
                            /** @constant */
                            revoked: true;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getCurrentPortalSession: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a7f0-5d12-7a4b-8e9f-2c3d4e5f6a7b",
                     *         "rights": "manage",
                     *         "allowed_origins": [
                     *           "https://app.acme-shop.com"
                     *         ],
                     *         "expires_at": "2026-12-01T11:15:30.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: {
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            rights: "read" | "manage";
                            allowed_origins: string[];
                            /** Format: date-time */
                            expires_at: string;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listAccounts: {
        parameters: {
            query?: {
                /** @description Page size, 1-100 */
                limit?: number;
                /** @description meta.next_cursor of the previous page */
                cursor?: string;
            };
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "0193a5b0-11c4-7d2e-8a41-5c0f2e9b7a10",
                     *           "name": "acme-shop",
                     *           "created_at": "2026-10-14T08:00:00.000Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a",
                     *         "limit": 20,
                     *         "has_more": true,
                     *         "next_cursor": "WyIyMDI2LTExLTMwVDE0OjA1OjEyLjQxN1oiLCIwMTkzYTVjMi03ZTQxLTdjM2EtOWYxMi0zYjhlNGQ2YTFjMDEiXQ"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["Account"][];
                        meta: components["schemas"]["PageMeta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createAccount: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "acme-shop"
                 *     }
                 */
                "application/json": {
                    /** @description Unique; names the account in paths and the Herald-Account header */
                    name: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a5b0-11c4-7d2e-8a41-5c0f2e9b7a10",
                     *         "name": "acme-shop",
                     *         "created_at": "2026-10-14T08:00:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["Account"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The account's id or unique name */
                account: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a5b0-11c4-7d2e-8a41-5c0f2e9b7a10",
                     *         "name": "acme-shop",
                     *         "created_at": "2026-10-14T08:00:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["Account"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                /** @description Page size, 1-100 */
                limit?: number;
                /** @description meta.next_cursor of the previous page */
                cursor?: string;
            };
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The account's id or unique name */
                account: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "0193a5b1-9a3e-7b61-9c27-0e4d8f1a6b35",
                     *           "account_id": "0193a5b0-11c4-7d2e-8a41-5c0f2e9b7a10",
                     *           "name": "acme-shop production",
                     *           "prefix": "hrld_sk_y4b2…",
                     *           "scopes": [
                     *             "events:write",
                     *             "webhooks:read",
                     *             "webhooks:write"
                     *           ],
                     *           "created_at": "2026-10-14T08:01:12.000Z",
                     *           "last_used_at": "2026-12-01T10:15:01.499Z",
                     *           "revoked_at": null
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a",
                     *         "limit": 20,
                     *         "has_more": true,
                     *         "next_cursor": "WyIyMDI2LTExLTMwVDE0OjA1OjEyLjQxN1oiLCIwMTkzYTVjMi03ZTQxLTdjM2EtOWYxMi0zYjhlNGQ2YTFjMDEiXQ"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["ApiKey"][];
                        meta: components["schemas"]["PageMeta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The account's id or unique name */
                account: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "acme-shop production",
                 *       "scopes": [
                 *         "events:write",
                 *         "webhooks:read",
                 *         "webhooks:write"
                 *       ]
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** @description Account scopes; service keys (accounts:*) are made with the keys CLI only */
                    scopes: ("webhooks:read" | "webhooks:write" | "events:write" | "events:read" | "deliveries:read" | "deliveries:write" | "*")[];
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a5b1-9a3e-7b61-9c27-0e4d8f1a6b35",
                     *         "account_id": "0193a5b0-11c4-7d2e-8a41-5c0f2e9b7a10",
                     *         "name": "acme-shop production",
                     *         "prefix": "hrld_sk_y4b2…",
                     *         "scopes": [
                     *           "events:write",
                     *           "webhooks:read",
                     *           "webhooks:write"
                     *         ],
                     *         "created_at": "2026-10-14T08:01:12.000Z",
                     *         "last_used_at": null,
                     *         "revoked_at": null,
                     *         "key": "hrld_sk_y4b2WJ0fnzmP_13GxQYTLqfx8E3_GxHKLWZeFaMUumc"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["ApiKeyWithSecret"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description The account to act for, by id or name: any account for a service key (scope accounts:*; 404 when unknown), only its own for any other credential (403 otherwise). Without it a key acts for its own account. */
                "Herald-Account"?: string;
            };
            path: {
                /** @description The account's id or unique name */
                account: string;
                /** @description The API key's id */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "0193a5b1-9a3e-7b61-9c27-0e4d8f1a6b35",
                     *         "account_id": "0193a5b0-11c4-7d2e-8a41-5c0f2e9b7a10",
                     *         "name": "acme-shop production",
                     *         "prefix": "hrld_sk_y4b2…",
                     *         "scopes": [
                     *           "events:write",
                     *           "webhooks:read",
                     *           "webhooks:write"
                     *         ],
                     *         "created_at": "2026-10-14T08:01:12.000Z",
                     *         "last_used_at": "2026-12-01T10:15:01.499Z",
                     *         "revoked_at": "2026-12-01T10:15:30.123Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-12-01T10:15:30.123Z",
                     *         "request_id": "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        success: true;
                        data: components["schemas"]["ApiKey"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["ValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    receiveEvent: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, the same on every attempt: deduplicate on it
                 * @example 0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22
                 */
                "webhook-id": string;
                /**
                 * @description Unix time in seconds of this attempt; reject messages far from your clock
                 * @example 1764584129
                 */
                "webhook-timestamp": string;
                /**
                 * @description Space-separated "v1,<base64 HMAC-SHA256>" signatures of "{webhook-id}.{webhook-timestamp}.{body}", keyed by the base64-decoded secret after "whsec_". During a rotation's grace period there is one per valid secret; accept the message if any one matches.
                 * @example v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
                 */
                "webhook-signature": string;
                /**
                 * @description Herald and its version
                 * @example Herald/0.1.0
                 */
                "user-agent": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "0193a7e4-2b9c-7f10-b6d3-91a0c4e58f22",
                 *       "type": "product.scored",
                 *       "timestamp": "2026-12-01T10:15:01.502Z",
                 *       "data": {
                 *         "product_id": "sku-1042",
                 *         "score": 87,
                 *         "scored_by": "catalog-ranker"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["WebhookPayload"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered. The body is ignored; its first 4 KiB are stored with the attempt. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Gone: Herald disables the webhook and sends it nothing more */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Any other answer: a failed attempt, retried later */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
