// A failed job's stored error (jobs/errors.ts describeError: "Name: message") as a merchant may read it on
// Home. The stored text is for operators: a database error names our source files and the query, an
// unknown error may carry anything. The merchant gets what happened and what to do; the full text stays in
// the job row and the worker's logs.

const MAX_LENGTH = 200;

/** What a merchant sees for a job's lastError (null: nothing was recorded). */
export function jobErrorForMerchant(lastError: string | null): string {
  if (!lastError?.trim()) return "No error was recorded.";
  const { name, message } = splitError(lastError);
  if (name === "WhiplashAuthError") return "Whiplash no longer accepts the app's authorization. Reconnect Whiplash in Settings.";
  if (name.startsWith("Prisma") || /\bprisma\.|Invalid `|\binvocation\b/i.test(message)) {
    return "A database error stopped it. The details are in the app's logs.";
  }
  const text = sanitize(message);
  if (name === "WhiplashApiError") return `Whiplash's API failed: ${text}`;
  if (name === "RetriableError" || name === "PermanentError" || name === "AdminApiError") return `Shopify's Admin API failed: ${text}`;
  return text || "It failed without a message. The details are in the app's logs.";
}

function splitError(stored: string): { name: string; message: string } {
  // "Name: message" when describeError had an Error; our own notes (a lock that expired) have no name.
  const match = /^((?:[A-Z][A-Za-z]*)?(?:Error|Exception)): ([\s\S]*)$/.exec(stored.trim());
  return match ? { name: match[1], message: match[2] } : { name: "", message: stored.trim() };
}

/** First line only, without file paths or query strings (a URL's query may carry a token), and short. */
function sanitize(message: string): string {
  const firstLine = message.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
  const cleaned = firstLine
    .replace(/\b(https?:\/\/[^\s?#]+)[?#]\S*/g, "$1")
    .replace(/(?:[A-Za-z]:)?(?:\/[\w.@-]+)+\.(?:[cm]?[jt]sx?)(?::\d+)*/g, "[file]")
    .trim();
  return cleaned.length > MAX_LENGTH ? `${cleaned.slice(0, MAX_LENGTH - 1)}…` : cleaned;
}
