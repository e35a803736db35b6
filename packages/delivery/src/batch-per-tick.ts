// Calls made in the same turn of the event loop go out as one: `run` gets the inputs of every
// call since the last batch left, in call order, and answers one result per input, in order.
// Concurrent jobs whose Postgres reads or writes fall in one tick thus cost one statement (one
// socket write, one plan, one WAL flush) instead of one each; a lone call waits for nothing but
// the end of its tick. If a batch fails, every call in it fails with the batch's error; an
// Error among the answers fails its own call only.
export function batchPerTick<In, Out>(
  run: (inputs: In[]) => Promise<(Out | Error)[]>,
  maxBatch = 500,
): (input: In) => Promise<Out> {
  interface Call {
    input: In;
    resolve: (out: Out) => void;
    reject: (error: unknown) => void;
  }
  let open: Call[] | null = null;
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
  return (input) =>
    new Promise<Out>((resolve, reject) => {
      if (!open || open.length >= maxBatch) {
        const batch: Call[] = [];
        open = batch;
        // setImmediate runs after the poll phase: every socket read of this tick has been handled.
        setImmediate(() => {
          if (open === batch) open = null;
          void send(batch);
        });
      }
      open.push({ input, resolve, reject });
    });
}

// batchPerTick per key (a database handle): calls with the same key share batches.
export function batchPerTickBy<Key extends object, In, Out>(
  run: (key: Key, inputs: In[]) => Promise<(Out | Error)[]>,
): (key: Key, input: In) => Promise<Out> {
  const batchers = new WeakMap<Key, (input: In) => Promise<Out>>();
  return (key, input) => {
    let batcher = batchers.get(key);
    if (!batcher) {
      batcher = batchPerTick((inputs: In[]) => run(key, inputs));
      batchers.set(key, batcher);
    }
    return batcher(input);
  };
}
