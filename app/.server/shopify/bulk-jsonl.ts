// Bulk query results (JSONL, one object per line; nested connection nodes on their own lines with
// `__parentId`) are downloaded from a signed URL with a plain fetch, not the Admin client. Shared by
// every bulk read through shopify/bulk-query.ts (reconciliation, SKU matching, bulk runs).
// A failed download is a RetriableError of this adapter; the job worker classifies it by its
// `retriable` flag, so this module does not reach into the job machinery.
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { RetriableError } from "./errors";

/** Streams a (possibly large) JSONL file line by line, handing batches of up to 1000 lines to `onLines`. */
export async function streamJsonl(fetchFn: typeof fetch, url: string, onLines: (lines: string[]) => void, signal?: AbortSignal) {
  const response = await fetchFn(url, { signal });
  if (!response.ok || !response.body) throw new RetriableError("BULK_RESULT_DOWNLOAD", `bulk result download failed: HTTP ${response.status}`, { status: response.status });
  const lines = createInterface({ input: Readable.fromWeb(response.body as never), crlfDelay: Infinity });
  let batch: string[] = [];
  for await (const line of lines) {
    batch.push(line);
    if (batch.length >= 1000) {
      onLines(batch);
      batch = [];
    }
  }
  if (batch.length) onLines(batch);
}
