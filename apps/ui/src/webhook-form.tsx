import { useState } from "preact/hooks";
import { call } from "./api.js";
import type { EventType, Webhook } from "./types.js";
import { ErrorNote, useLoad } from "./widgets.js";

export interface WebhookInput {
  url: string;
  events: string[];
  description: string | null;
}

// Create and edit share this form; the caller confirms and sends it.
export function WebhookForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  error,
}: {
  initial?: Webhook;
  submitLabel: string;
  onSubmit: (input: WebhookInput) => void;
  onCancel: () => void;
  error?: unknown;
}) {
  const catalog = useLoad(
    async () => (await call<EventType[]>("GET", "/v1/webhooks/events")).data,
    "catalog",
  );
  const [url, setUrl] = useState(initial?.url ?? "");
  const [events, setEvents] = useState<string[]>(initial?.events ?? []);
  const [description, setDescription] = useState(initial?.description ?? "");
  const toggle = (name: string, on: boolean) =>
    setEvents((current) => (on ? [...current, name] : current.filter((item) => item !== name)));

  return (
    <form
      class="card"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({ url: url.trim(), events, description: description.trim() || null });
      }}
    >
      <label for="webhook-url">Endpoint URL</label>
      <input
        id="webhook-url"
        type="url"
        required
        value={url}
        onInput={(event) => setUrl(event.currentTarget.value)}
      />
      <label for="webhook-description">Description (optional)</label>
      <input
        id="webhook-description"
        value={description}
        onInput={(event) => setDescription(event.currentTarget.value)}
      />
      <fieldset>
        <legend>Event types</legend>
        {catalog.value?.map((type) => (
          <label key={type.name} class="check">
            <input
              type="checkbox"
              checked={events.includes(type.name)}
              onChange={(event) => toggle(type.name, event.currentTarget.checked)}
            />
            <code>{type.name}</code> <span class="muted">{type.description}</span>
          </label>
        ))}
        <ErrorNote error={catalog.error} />
      </fieldset>
      <ErrorNote error={error} />
      <div class="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="primary">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
