export interface Webhook {
  id: string;
  url: string;
  events: string[];
  status: "active" | "disabled";
  description: string | null;
  failure_count: number;
  last_success_at: string | null;
  last_failure_at: string | null;
  last_error: string | null;
  disabled_reason: string | null;
  // The destination's circuit breaker, where the API reports one.
  circuit?: "closed" | "open" | "half_open" | null;
  circuit_retry_at?: string | null;
  created_at: string;
}

export interface Delivery {
  id: string;
  event_id: string;
  webhook_id: string;
  status: "pending" | "succeeded" | "failed";
  attempt_count: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  is_test: boolean;
  created_at: string;
  completed_at: string | null;
}

export interface Attempt {
  attempt_number: number;
  attempted_at: string;
  outcome: string;
  status_code: number | null;
  duration_ms: number;
  response_body: string | null;
  error: string | null;
}

export interface EventLogItem {
  id: string;
  type: string;
  created_at: string;
  deliveries: { total: number; pending: number; succeeded: number; failed: number };
}

export interface EventType {
  name: string;
  description: string;
}
