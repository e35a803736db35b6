import { useState } from "preact/hooks";
import { call, query } from "./api.js";
import { href } from "./route.js";
import type { Delivery, EventLogItem, EventType } from "./types.js";
import { Badge, ErrorNote, isoFromLocal, Loading, Time, TimeRange, useLoad } from "./widgets.js";

export function EventsView() {
  const [type, setType] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const path = `/v1/events${query({ limit: "50", type, since: isoFromLocal(from), until: isoFromLocal(to) })}`;
  const list = useLoad(async () => (await call<EventLogItem[]>("GET", path)).data, path);
  const catalog = useLoad(
    async () => (await call<EventType[]>("GET", "/v1/webhooks/events")).data,
    "catalog",
  );

  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title">Event log</h1>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Type
          <select value={type} onChange={(event) => setType(event.currentTarget.value)}>
            <option value="">any</option>
            {catalog.value?.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <TimeRange from={from} to={to} onFrom={setFrom} onTo={setTo} />
      </form>
      <ErrorNote error={list.error} />
      {list.loading && !list.value && <Loading what="events" />}
      {list.value && list.value.length === 0 && <p class="empty">No events match.</p>}
      {list.value && list.value.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Type</th>
                <th scope="col">Deliveries</th>
              </tr>
            </thead>
            <tbody>
              {list.value.map((event) => (
                <tr key={event.id}>
                  <td>
                    <a href={href("events", event.id)} aria-label={`Event ${event.id}`}>
                      <Time iso={event.created_at} />
                    </a>
                  </td>
                  <td>
                    <code>{event.type}</code>
                  </td>
                  <td>
                    {event.deliveries.succeeded} succeeded, {event.deliveries.failed} failed,{" "}
                    {event.deliveries.pending} pending
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

interface EventDetail {
  id: string;
  type: string;
  data: unknown;
  created_at: string;
  deliveries: Delivery[];
}

export function EventView({ id }: { id: string }) {
  const event = useLoad(async () => (await call<EventDetail>("GET", `/v1/events/${id}`)).data, id);
  const e = event.value;
  return (
    <section aria-labelledby="event-title">
      <p>
        <a href={href("events")}>← Event log</a>
      </p>
      <ErrorNote error={event.error} />
      {event.loading && !e && <Loading what="the event" />}
      {e && (
        <>
          <h1 id="event-title">
            <code>{e.type}</code>
          </h1>
          <p>
            <Time iso={e.created_at} />
          </p>
          <pre>{JSON.stringify(e.data, null, 2)}</pre>
          <h2>Deliveries</h2>
          <ul>
            {e.deliveries.map((delivery) => (
              <li key={delivery.id}>
                <a href={href("deliveries", delivery.id)}>
                  <code>{delivery.id}</code>
                </a>{" "}
                <Badge value={delivery.status} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function CatalogView() {
  const catalog = useLoad(
    async () => (await call<EventType[]>("GET", "/v1/webhooks/events")).data,
    "catalog",
  );
  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">Event types</h1>
      <ErrorNote error={catalog.error} />
      {catalog.loading && !catalog.value && <Loading what="event types" />}
      <dl class="catalog">
        {catalog.value?.map((entry) => (
          <>
            <dt key={`${entry.name}-name`}>
              <code>{entry.name}</code>
            </dt>
            <dd key={`${entry.name}-description`}>{entry.description}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}
