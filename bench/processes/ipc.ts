// The child side of the bench's IPC: announce readiness once, then answer numbered requests.
export interface IpcRequest {
  id: number;
  command: string;
  args?: unknown;
}

export interface IpcAnswer {
  id: number;
  result?: unknown;
  error?: string;
}

type Handler = (args: unknown) => unknown;

export function serveIpc(
  handlers: Record<string, Handler>,
  ready: unknown,
  onStop: () => Promise<void>,
): void {
  if (!process.send) throw new Error("run this through the bench: it needs an IPC channel");
  process.on("message", async (message: IpcRequest) => {
    const handler = handlers[message.command];
    let answer: IpcAnswer;
    try {
      if (!handler) throw new Error(`unknown command ${message.command}`);
      answer = { id: message.id, result: (await handler(message.args)) ?? null };
    } catch (error) {
      answer = { id: message.id, error: (error as Error).message };
    }
    process.send?.(answer);
  });
  const stop = () => {
    void onStop().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  // The bench gone means nobody will ever stop us: go too.
  process.on("disconnect", stop);
  process.send({ ready });
}
