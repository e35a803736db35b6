import { createHash, timingSafeEqual } from "node:crypto";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Express, RequestHandler } from "express";
import { sendError } from "../http/envelope.js";

export const QUEUE_BOARD_PATH = "/admin/queues";

type BoardQueue = ConstructorParameters<typeof BullMQAdapter>[0];

export interface QueueBoardConfig {
  ADMIN_USER?: string | undefined;
  ADMIN_PASSWORD?: string | undefined;
}

/**
 * Mounts bull-board at /admin/queues behind HTTP basic auth. The board can retry and
 * delete jobs, so it stays off unless the operator set both credentials.
 * Returns whether it was mounted.
 */
export function mountQueueBoard(app: Express, queue: BoardQueue, config: QueueBoardConfig): boolean {
  const user = config.ADMIN_USER?.trim() ?? "";
  const password = config.ADMIN_PASSWORD ?? "";
  if (user === "" || password === "") return false;

  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: [new BullMQAdapter(queue)],
    serverAdapter,
    options: { uiConfig: { boardTitle: "Herald queues" } },
  });
  app.use(QUEUE_BOARD_PATH, basicAuth(user, password), serverAdapter.getRouter());
  return true;
}

function basicAuth(user: string, password: string): RequestHandler {
  const expected = digest(`${user}:${password}`);
  return (req, res, next) => {
    const header = req.headers.authorization ?? "";
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    const given = match ? Buffer.from(match[1]!, "base64").toString("utf8") : "";
    // Compare fixed-length digests so the check takes the same time for any input.
    if (match && timingSafeEqual(digest(given), expected)) {
      next();
      return;
    }
    res.set("WWW-Authenticate", 'Basic realm="Herald admin", charset="UTF-8"');
    sendError(res, 401, { code: "UNAUTHORIZED", message: "Admin credentials required" });
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
