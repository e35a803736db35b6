import { pino } from "pino";

export type Logger = pino.Logger;

// Anything that could carry a credential is censored wherever it appears in a log line.
const REDACT = [
  "secret",
  "*.secret",
  "key",
  "*.key",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "*.headers.authorization",
  'headers["webhook-signature"]',
  "*.password",
  "password",
];

export function createLogger(options: {
  name: string;
  level: string;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      base: { app: options.name, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
