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

/** How deep a context is copied; deeper values are summarised (logs are lines, not dumps). */
const MAX_DEPTH = 6;

/** A copy of the context safe to log: secret-looking keys redacted at any depth, errors reduced to
 *  name, message and cause, cycles cut. */
export function redact(context: LogContext): LogContext {
  return clean(context, 0, new WeakSet()) as LogContext;
}

function clean(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[truncated]";
  seen.add(value);
  try {
    if (value instanceof Error) {
      const out: Record<string, unknown> = { name: value.name, message: value.message };
      if (value.cause !== undefined) out.cause = clean(value.cause, depth + 1, seen);
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : clean(v, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value); // the same object twice side by side is not a cycle
  }
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
