import { useEffect } from "preact/hooks";
import { call } from "./api.js";
import { useCanWrite } from "./rights.js";
import { href } from "./route.js";
import type { Attempt, Delivery } from "./types.js";
import { useAction } from "./use-action.js";
import { Badge, ErrorNote, Loading, Time, useLoad } from "./widgets.js";

export function DeliveryView({ id }: { id: string }) {
  const loaded = useLoad(async () => {
    const [delivery, attempts] = await Promise.all([
      call<Delivery>("GET", `/v1/deliveries/${id}`),
      call<Attempt[]>("GET", `/v1/deliveries/${id}/attempts?limit=100`),
    ]);
    return { delivery: delivery.data, attempts: attempts.data };
  }, id);
  const retry = useAction();
  const canWrite = useCanWrite();
  const delivery = loaded.value?.delivery;

  // A pending delivery changes on its own: look again each second until it is final.
  useEffect(() => {
    if (delivery?.status !== "pending") return;
    const timer = setTimeout(loaded.reload, 1000);
    return () => clearTimeout(timer);
  }, [delivery, loaded.reload]);

  if (!delivery) {
    return (
      <section>
        <ErrorNote error={loaded.error} />
        {loaded.loading && <Loading what="the delivery" />}
      </section>
    );
  }
  const attempts = loaded.value?.attempts ?? [];

  return (
    <section aria-labelledby="delivery-title">
      <p>
        <a href={href("webhooks", delivery.webhook_id)}>← Webhook</a>
      </p>
      <div class="heading">
        <h1 id="delivery-title">Delivery</h1>
        <Badge value={delivery.status} />
      </div>
      <dl class="facts">
        <dt>Delivery</dt>
        <dd>
          <code>{delivery.id}</code>
        </dd>
        <dt>Event</dt>
        <dd>
          <a href={href("events", delivery.event_id)}>
            <code>{delivery.event_id}</code>
          </a>
        </dd>
        <dt>Created</dt>
        <dd>
          <Time iso={delivery.created_at} />
        </dd>
        {delivery.next_attempt_at && (
          <>
            <dt>Next attempt</dt>
            <dd>
              <Time iso={delivery.next_attempt_at} />
            </dd>
          </>
        )}
      </dl>
      {canWrite && (
        <div class="actions">
          <button
            type="button"
            class="primary"
            disabled={retry.busy}
            onClick={() =>
              retry.ask({
                title: "Retry this delivery now?",
                body: <p>Herald sends the event to the endpoint again, whatever its state.</p>,
                action: "Retry",
                run: async () => {
                  await call("POST", `/v1/deliveries/${id}/retry`, {});
                  loaded.reload();
                  return "Retry queued; the attempts below update as it runs.";
                },
              })
            }
          >
            Retry
          </button>
        </div>
      )}
      {retry.dialog}
      {retry.outcome}
      <h2 id="attempts-title">Attempts</h2>
      {attempts.length === 0 && <p class="empty">No attempts yet.</p>}
      <ol class="attempts" aria-labelledby="attempts-title">
        {attempts.map((attempt) => (
          <li key={attempt.attempt_number} class="card">
            <div class="heading">
              <h3>Attempt {attempt.attempt_number}</h3>
              <Badge value={attempt.outcome} />
            </div>
            <dl class="facts">
              <dt>Time</dt>
              <dd>
                <Time iso={attempt.attempted_at} />
              </dd>
              <dt>HTTP status</dt>
              <dd>{attempt.status_code ?? <span class="muted">none</span>}</dd>
              <dt>Duration</dt>
              <dd>{attempt.duration_ms} ms</dd>
              {attempt.error && (
                <>
                  <dt>Error</dt>
                  <dd class="error-text">{attempt.error}</dd>
                </>
              )}
            </dl>
            {attempt.response_body && (
              <details>
                <summary>Response body</summary>
                <pre>{attempt.response_body}</pre>
              </details>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
