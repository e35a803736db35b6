// B_api: an empty Express 5 handler, the ceiling of any Express route on this machine. It
// answers POST /v1/events with a 202 and a small JSON body like Herald's, without reading,
// validating or storing anything.
import type { AddressInfo } from "node:net";
import express from "express";
import { serveIpc } from "./ipc.js";

const app = express();
app.disable("x-powered-by");
const answer = {
  success: true,
  data: { id: "00000000-0000-4000-8000-000000000000", type: "bench.t0", deliveries: 1 },
};
app.post("/v1/events", (_req, res) => {
  res.status(202).json(answer);
});
const server = app.listen(0, "127.0.0.1", () => {
  serveIpc({}, { port: (server.address() as AddressInfo).port }, async () => {
    server.closeAllConnections();
    server.close();
  });
});
