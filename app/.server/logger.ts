// Structured one-line JSON logs with context. Never pass secrets: keys that look secret are redacted anyway.
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const SECRET_KEY = /token|secret|password|authorization|signature|hmac|key$/i;

export type LogContext = Record<string, unknown>;

export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
  child(context: LogContext): Logger;
}

export function redact(context: LogContext): LogContext {
  const out: LogContext = {};
  for (const [k, v] of Object.entries(context)) {
    if (SECRET_KEY.test(k)) out[k] = "[redacted]";
    else if (v instanceof Error) out[k] = { name: v.name, message: v.message };
    else out[k] = v;
  }
  return out;
}

export function createLogger(
  base: LogContext = {},
  level: Level | "silent" = (process.env.LOG_LEVEL as Level) || "info",
  write: (line: string) => void = (line) => process.stdout.write(line + "\n"),
): Logger {
  const emit = (l: Level, message: string, context?: LogContext) => {
    if (order[l] < order[level]) return;
    write(JSON.stringify({ level: l, time: new Date().toISOString(), message, ...redact({ ...base, ...context }) }));
  };
  return {
    debug: (m, c) => emit("debug", m, c),
    info: (m, c) => emit("info", m, c),
    warn: (m, c) => emit("warn", m, c),
    error: (m, c) => emit("error", m, c),
    child: (c) => createLogger({ ...base, ...c }, level, write),
  };
}

export const logger = createLogger();
