// Calls made close together go out as one: `run` gets the inputs of every call since the last
// batch left, in call order, and answers one result per input, in order. Concurrent jobs whose
// Postgres reads or writes fall in one batch thus cost one statement (one socket write, one
// plan, one WAL flush) instead of one each. A batch leaves at the end of the event-loop turn of
// its first call, or, with a window set and the previous batch gone less than a window before
// that call (calls keep coming), `windowMs` after it; in any case as soon as it holds `maxBatch`
// calls. So a call after a quiet spell waits for nothing but the end of its turn. If a batch
// fails, every call in it fails with the batch's error; an Error among the answers fails its
// own call only.
export interface BatchOptions {
  maxBatch?: number;
  // How long a batch waits for more calls after its first, when the batch before it left less
  // than this long before (0: never longer than the end of its turn).
  windowMs?: number;
}

export function batchPerTick<In, Out>(
  run: (inputs: In[]) => Promise<(Out | Error)[]>,
  { maxBatch = 500, windowMs = 0 }: BatchOptions = {},
): (input: In) => Promise<Out> {
  interface Call {
    input: In;
    resolve: (out: Out) => void;
    reject: (error: unknown) => void;
  }
  let open: Call[] | null = null;
  let lastLeftAt = Number.NEGATIVE_INFINITY;
  const send = async (batch: Call[]) => {
    try {
      const outs = await run(batch.map((call) => call.input));
      if (outs.length !== batch.length)
        throw new Error(`a batch of ${batch.length} answered ${outs.length} results`);
      for (const [i, call] of batch.entries()) {
        const out = outs[i]!;
        if (out instanceof Error) call.reject(out);
        else call.resolve(out);
      }
    } catch (error) {
      for (const call of batch) call.reject(error);
    }
  };
  // A batch leaves once: when full, or when its timer fires, whichever comes first.
  const leave = (batch: Call[]) => {
    if (open !== batch) return;
    open = null;
    lastLeftAt = performance.now();
    void send(batch);
  };
  return (input) =>
    new Promise<Out>((resolve, reject) => {
      if (!open) {
        const batch: Call[] = [];
        open = batch;
        // setImmediate runs after the poll phase: every socket read of this turn has been handled.
        if (performance.now() - lastLeftAt < windowMs) setTimeout(() => leave(batch), windowMs);
        else setImmediate(() => leave(batch));
      }
      open.push({ input, resolve, reject });
      if (open.length >= maxBatch) leave(open);
    });
}

// batchPerTick per key (a database handle): calls with the same key share batches, with the
// window `windowOf` gives for that key.
export function batchPerTickBy<Key extends object, In, Out>(
  run: (key: Key, inputs: In[]) => Promise<(Out | Error)[]>,
  windowOf: (key: Key) => number = () => 0,
): (key: Key, input: In) => Promise<Out> {
  const batchers = new WeakMap<Key, (input: In) => Promise<Out>>();
  return (key, input) => {
    let batcher = batchers.get(key);
    if (!batcher) {
      batcher = batchPerTick((inputs: In[]) => run(key, inputs), { windowMs: windowOf(key) });
      batchers.set(key, batcher);
    }
    return batcher(input);
  };
}
