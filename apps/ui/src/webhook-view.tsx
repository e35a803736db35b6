import { useState } from "preact/hooks";
import { call, query } from "./api.js";
import { useCanWrite } from "./rights.js";
import { href } from "./route.js";
import type { Delivery, Webhook } from "./types.js";
import { useAction } from "./use-action.js";
import { WebhookForm, type WebhookInput } from "./webhook-form.js";
import { SecretShown } from "./webhooks-view.js";
import { Badge, ErrorNote, isoFromLocal, Loading, Time, TimeRange, useLoad } from "./widgets.js";

export function WebhookView({ id }: { id: string }) {
  const webhook = useLoad(async () => (await call<Webhook>("GET", `/v1/webhooks/${id}`)).data, id);
  const [editing, setEditing] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const [since, setSince] = useState("");
  const act = useAction();
  const canWrite = useCanWrite();
  const w = webhook.value;

  if (!w) {
    return (
      <section>
        <p>
          <a href={href("webhooks")}>← Webhooks</a>
        </p>
        <ErrorNote error={webhook.error} />
        {webhook.loading && <Loading what="the webhook" />}
      </section>
    );
  }

  if (deleted) {
    return (
      <section>
        <h1 class="break">{w.url}</h1>
        {act.outcome}
      </section>
    );
  }

  const simple = (title: string, action: string, run: () => Promise<string>, danger = false) =>
    act.ask({
      title,
      action,
      danger,
      run: async () => {
        const done = await run();
        webhook.reload();
        return done;
      },
    });
  const edit = (input: WebhookInput) =>
    simple("Save these changes?", "Save", async () => {
      await call("PATCH", `/v1/webhooks/${id}`, input);
      setEditing(false);
      return "Saved.";
    });
  const rotate = () =>
    act.ask({
      title: "Rotate the signing secret?",
      body: <p>The current secret stops signing at once; the receiver must switch to the new one.</p>,
      action: "Rotate secret",
      danger: true,
      run: async () => {
        const { data } = await call<{ secret: string }>("POST", `/v1/webhooks/${id}/rotate-secret`, {});
        return <SecretShown label="Secret rotated." secret={data.secret} />;
      },
    });
  const recover = async () => {
    const sinceIso = isoFromLocal(since);
    if (!sinceIso) return;
    const body = { since: sinceIso };
    const counted = await call<{ recovered: number }>("POST", `/v1/webhooks/${id}/recover`, {
      ...body,
      dry_run: true,
    }).catch((error: unknown) => error);
    if (counted instanceof Error) {
      act.fail(counted);
      return;
    }
    const count = (counted as { data: { recovered: number } }).data.recovered;
    simple(
      `Re-send ${count} delivery(ies) since ${new Date(sinceIso).toLocaleString()}?`,
      "Recover",
      async () => {
        const { data } = await call<{ recovered: number }>("POST", `/v1/webhooks/${id}/recover`, body);
        return `Recovery started: ${data.recovered} delivery(ies) queued.`;
      },
    );
  };

  return (
    <section aria-labelledby="webhook-title">
      <p>
        <a href={href("webhooks")}>← Webhooks</a>
      </p>
      <div class="heading">
        <h1 id="webhook-title" class="break">
          {w.url}
        </h1>
        <Badge value={w.status} />
      </div>
      <dl class="facts">
        <dt>Description</dt>
        <dd>{w.description ?? <span class="muted">none</span>}</dd>
        <dt>Event types</dt>
        <dd>{w.events.join(", ")}</dd>
        <dt>Last success</dt>
        <dd>
          <Time iso={w.last_success_at} />
        </dd>
        <dt>Last error</dt>
        <dd>{w.last_error ?? <span class="muted">none</span>}</dd>
        <dt>Failures in a row</dt>
        <dd>{w.failure_count}</dd>
        {w.circuit && (
          <>
            <dt>Circuit breaker</dt>
            <dd>
              {w.circuit.replace("_", " ")}
              {w.circuit_retry_at && (
                <>
                  {" "}
                  (next probe <Time iso={w.circuit_retry_at} />)
                </>
              )}
            </dd>
          </>
        )}
        {w.disabled_reason && (
          <>
            <dt>Disabled because</dt>
            <dd>{w.disabled_reason}</dd>
          </>
        )}
      </dl>
      {canWrite && (
        <>
          <fieldset class="actions bare">
            <legend class="visually-hidden">Webhook actions</legend>
            <button type="button" onClick={() => setEditing(true)} disabled={editing}>
              Edit
            </button>
            {w.status === "active" ? (
              <button
                type="button"
                onClick={() =>
                  simple("Disable this webhook?", "Disable", async () => {
                    await call("PATCH", `/v1/webhooks/${id}`, { status: "disabled" });
                    return "Disabled: no new deliveries until it is enabled.";
                  })
                }
              >
                Disable
              </button>
            ) : (
              <button
                type="button"
                onClick={() =>
                  simple("Enable this webhook?", "Enable", async () => {
                    await call("PATCH", `/v1/webhooks/${id}`, { status: "active" });
                    return "Enabled.";
                  })
                }
              >
                Enable
              </button>
            )}
            <button type="button" onClick={rotate}>
              Rotate secret
            </button>
            <button
              type="button"
              onClick={() =>
                simple("Send a test event now?", "Send test", async () => {
                  const { data } = await call<{
                    success: boolean;
                    outcome: string;
                    status_code: number | null;
                    error: string | null;
                  }>("POST", `/v1/webhooks/${id}/test`, {});
                  return `Test ${data.success ? "delivered" : "failed"}: ${data.outcome}${data.status_code ? ` (HTTP ${data.status_code})` : ""}${data.error ? ` — ${data.error}` : ""}`;
                })
              }
            >
              Send test
            </button>
            <button
              type="button"
              class="danger"
              onClick={() =>
                act.ask({
                  title: "Delete this webhook?",
                  body: <p>Its pending deliveries stop; its delivery log stays readable through the API.</p>,
                  action: "Delete",
                  danger: true,
                  run: async () => {
                    await call("DELETE", `/v1/webhooks/${id}`);
                    setDeleted(true);
                    return (
                      <>
                        Deleted. <a href={href("webhooks")}>Back to webhooks</a>
                      </>
                    );
                  },
                })
              }
            >
              Delete
            </button>
          </fieldset>
          <form
            class="inline"
            onSubmit={(event) => {
              event.preventDefault();
              void recover();
            }}
          >
            <label for="recover-since">Recover failed and missed deliveries since</label>
            <input
              id="recover-since"
              type="datetime-local"
              required
              value={since}
              onInput={(event) => setSince(event.currentTarget.value)}
            />
            <button type="submit">Count and recover…</button>
          </form>
        </>
      )}
      {act.dialog}
      {act.outcome}
      {editing && (
        <WebhookForm initial={w} submitLabel="Save" onSubmit={edit} onCancel={() => setEditing(false)} />
      )}
      <Deliveries webhookId={id} />
    </section>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const [status, setStatus] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const params = { limit: "50", status, since: isoFromLocal(from), until: isoFromLocal(to) };
  const path = `/v1/webhooks/${webhookId}/deliveries${query(params)}`;
  const list = useLoad(async () => (await call<Delivery[]>("GET", path)).data, path);

  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.currentTarget.value)}>
            <option value="">any</option>
            <option value="pending">pending</option>
            <option value="succeeded">succeeded</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <TimeRange from={from} to={to} onFrom={setFrom} onTo={setTo} />
        <button type="button" onClick={list.reload}>
          Refresh
        </button>
      </form>
      <ErrorNote error={list.error} />
      {list.loading && !list.value && <Loading what="deliveries" />}
      {list.value && list.value.length === 0 && <p class="empty">No deliveries match.</p>}
      {list.value && list.value.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last response</th>
              </tr>
            </thead>
            <tbody>
              {list.value.map((delivery) => (
                <tr key={delivery.id}>
                  <td>
                    <a href={href("deliveries", delivery.id)} aria-label={`Delivery ${delivery.id}`}>
                      <Time iso={delivery.created_at} />
                    </a>
                    {delivery.is_test && <span class="muted"> (test)</span>}
                  </td>
                  <td>
                    <Badge value={delivery.status} />
                  </td>
                  <td class="number">{delivery.attempt_count}</td>
                  <td>
                    {delivery.last_status_code ?? ""} {delivery.last_error ?? ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
