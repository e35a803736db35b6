import { useState } from "preact/hooks";
import { call } from "./api.js";
import { useCanWrite } from "./rights.js";
import { href } from "./route.js";
import type { Webhook } from "./types.js";
import { useAction } from "./use-action.js";
import { WebhookForm, type WebhookInput } from "./webhook-form.js";
import { Badge, ErrorNote, Loading, Time, useLoad } from "./widgets.js";

export function WebhooksView() {
  const list = useLoad(async () => (await call<Webhook[]>("GET", "/v1/webhooks?limit=100")).data, "webhooks");
  const [creating, setCreating] = useState(false);
  const create = useAction();
  const canWrite = useCanWrite();

  const submit = (input: WebhookInput) =>
    create.ask({
      title: "Create this webhook?",
      body: (
        <p>
          Herald starts sending {input.events.length} event type(s) to {input.url}.
        </p>
      ),
      action: "Create",
      run: async () => {
        const { data } = await call<Webhook & { secret: string }>("POST", "/v1/webhooks", input);
        setCreating(false);
        list.reload();
        return <SecretShown label={`Created ${data.url}.`} secret={data.secret} />;
      },
    });

  return (
    <section aria-labelledby="webhooks-title">
      <div class="heading">
        <h1 id="webhooks-title">Webhooks</h1>
        {canWrite && !creating && (
          <button type="button" class="primary" onClick={() => setCreating(true)}>
            New webhook
          </button>
        )}
      </div>
      {creating && (
        <WebhookForm submitLabel="Create webhook" onSubmit={submit} onCancel={() => setCreating(false)} />
      )}
      {create.dialog}
      {create.outcome}
      <ErrorNote error={list.error} />
      {list.loading && !list.value && <Loading what="webhooks" />}
      {list.value && list.value.length === 0 && <p class="empty">No webhooks yet.</p>}
      {list.value && list.value.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Webhooks and their health</caption>
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Status</th>
                <th scope="col">Last success</th>
                <th scope="col">Last error</th>
                <th scope="col">Failures</th>
              </tr>
            </thead>
            <tbody>
              {list.value.map((webhook) => (
                <tr key={webhook.id}>
                  <td>
                    <a href={href("webhooks", webhook.id)}>{webhook.url}</a>
                    {webhook.description && <div class="muted">{webhook.description}</div>}
                  </td>
                  <td>
                    <Badge value={webhook.status} />
                    {webhook.circuit && webhook.circuit !== "closed" && (
                      <>
                        {" "}
                        <span class="badge badge-circuit">circuit {webhook.circuit.replace("_", " ")}</span>
                      </>
                    )}
                  </td>
                  <td>
                    <Time iso={webhook.last_success_at} />
                  </td>
                  <td>
                    {webhook.last_error ? (
                      <>
                        <Time iso={webhook.last_failure_at} />
                        <div class="error-text">{webhook.last_error}</div>
                      </>
                    ) : (
                      <span class="muted">none</span>
                    )}
                  </td>
                  <td class="number">{webhook.failure_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// A secret is shown once, with a button to copy it.
export function SecretShown({ label, secret }: { label: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <p>{label} The signing secret is shown only now:</p>
      <p class="secret">
        <output aria-label="Signing secret">{secret}</output>{" "}
        <button
          type="button"
          onClick={() => navigator.clipboard?.writeText(secret).then(() => setCopied(true))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </p>
    </div>
  );
}
