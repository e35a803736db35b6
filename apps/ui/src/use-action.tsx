import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { Confirm, Done, ErrorNote } from "./widgets.js";

interface Action {
  title: string;
  body?: ComponentChildren;
  action: string;
  danger?: boolean;
  // What it did, shown once it finished.
  run: () => Promise<ComponentChildren>;
}

// Every action is confirmed first and shows its result (or its error) afterwards.
export function useAction() {
  const [asked, setAsked] = useState<Action | null>(null);
  const [result, setResult] = useState<ComponentChildren>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const close = async (confirmed: boolean) => {
    const action = asked;
    setAsked(null);
    if (!confirmed || !action) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await action.run());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return {
    ask: setAsked,
    // An error found before anything could be confirmed (a dry run that was refused).
    fail: (failure: unknown) => {
      setResult(null);
      setError(failure);
    },
    busy,
    dialog: (
      <Confirm
        open={asked !== null}
        title={asked?.title ?? ""}
        action={asked?.action ?? "OK"}
        danger={asked?.danger}
        onClose={close}
      >
        {asked?.body}
      </Confirm>
    ),
    outcome: (
      <div aria-live="polite">
        <ErrorNote error={error} />
        {result ? <Done>{result}</Done> : null}
      </div>
    ),
  };
}
