import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "./api.js";

// A time in the viewer's zone, its ISO value on hover (and to assistive technology).
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">never</span>;
  return (
    <time dateTime={iso} title={iso}>
      {new Date(iso).toLocaleString()}
    </time>
  );
}

export function Badge({ value }: { value: string }) {
  return <span class={`badge badge-${value}`}>{value.replace("_", " ")}</span>;
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof ApiError ? Object.entries(error.details) : [];
  return (
    <div class="note note-error" role="alert">
      <strong>{message}</strong>
      {details.length > 0 && (
        <ul>
          {details.map(([field, problem]) => (
            <li key={field}>
              <code>{field}</code>: {problem}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Done({ children }: { children: ComponentChildren }) {
  return (
    <div class="note note-done" role="status">
      {children}
    </div>
  );
}

export interface Loaded<T> {
  value: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

// Loads on mount and whenever `key` changes; reload() fetches again.
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ value?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (value) => current && setState({ value, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { value: state.value, error: state.error, loading: state.loading, reload };
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" aria-busy="true">
      Loading {what}…
    </p>
  );
}

// A confirmation in a modal <dialog>: focus moves into it, Escape cancels.
export function Confirm({
  open,
  title,
  children,
  action,
  danger,
  onClose,
}: {
  open: boolean;
  title: string;
  children?: ComponentChildren;
  action: string;
  danger?: boolean;
  onClose: (confirmed: boolean) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} aria-labelledby="confirm-title" onCancel={() => onClose(false)}>
      <h2 id="confirm-title">{title}</h2>
      {children}
      <div class="actions">
        <button type="button" onClick={() => onClose(false)}>
          Cancel
        </button>
        <button type="button" class={danger ? "danger" : "primary"} onClick={() => onClose(true)}>
          {action}
        </button>
      </div>
    </dialog>
  );
}

// The From and Until fields of a list's filters (local times; isoFromLocal turns them into ISO).
export function TimeRange(props: {
  from: string;
  to: string;
  onFrom: (value: string) => void;
  onTo: (value: string) => void;
}) {
  return (
    <>
      <label>
        From
        <input
          type="datetime-local"
          value={props.from}
          onChange={(event) => props.onFrom(event.currentTarget.value)}
        />
      </label>
      <label>
        Until
        <input
          type="datetime-local"
          value={props.to}
          onChange={(event) => props.onTo(event.currentTarget.value)}
        />
      </label>
    </>
  );
}

// Browser's datetime-local value (viewer's zone) to ISO, or undefined.
export function isoFromLocal(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
