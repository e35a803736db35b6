import { setImmediate as nextTurn } from "node:timers/promises";

// Long work on one request body (walking or hashing 100,000 values) gives the event loop back
// every `sliceMs`, so a big body never holds /healthz or other requests for longer than that.
// Usage in a loop: `if (slice.due()) await slice.pause();` (checking is cheap, pausing rare).
export function timeSlice(sliceMs = 4) {
  let deadline = performance.now() + sliceMs;
  let count = 0;
  return {
    due: () => (++count & 1023) === 0 && performance.now() >= deadline,
    async pause() {
      await nextTurn();
      deadline = performance.now() + sliceMs;
    },
  };
}
