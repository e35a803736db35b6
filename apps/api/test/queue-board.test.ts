// The queue board (bull-board) is off unless both admin credentials are set, and behind them.
import { afterAll, beforeAll, expect, it } from "vitest";
import { HeraldStack } from "../../../test/support/herald-stack.js";

let stack: HeraldStack;

beforeAll(async () => {
  stack = await HeraldStack.start({ env: { ADMIN_USER: "ops", ADMIN_PASSWORD: "s3cret-board" } });
  await stack.startApp("api", { ADMIN_USER: "", ADMIN_PASSWORD: "" });
});
afterAll(() => stack?.stop());

it("asks for credentials, rejects wrong ones, serves the board with the right ones", async () => {
  const [withBoard, withoutBoard] = stack.apps;
  const url = `${withBoard!.url}/admin/queues`;
  const anonymous = await fetch(url);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic /);
  expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  const basic = (credentials: string) => ({
    authorization: `Basic ${Buffer.from(credentials).toString("base64")}`,
  });
  expect((await fetch(url, { headers: basic("ops:wrong") })).status).toBe(401);
  const board = await fetch(url, { headers: basic("ops:s3cret-board") });
  expect(board.status).toBe(200);
  expect(await board.text()).toMatch(/<html/i);
  const queues = await fetch(`${url}/api/queues`, { headers: basic("ops:s3cret-board") });
  expect(JSON.stringify(await queues.json())).toContain("deliveries");
  // Without both credentials there is no board at all.
  expect((await fetch(`${withoutBoard!.url}/admin/queues`)).status).toBe(404);
});
