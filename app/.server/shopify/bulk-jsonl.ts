// Bulk query results (JSONL, one object per line; nested connection nodes on their own lines with
// `__parentId`) are downloaded from a signed URL with a plain fetch, not the Admin client. Shared by
// reconciliation (platform/reconcile.ts) and SKU matching for large catalogs (sync/read-variants.ts).
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { RetriableJobError } from "../jobs/errors";

/** Streams a (possibly large) JSONL file line by line, handing batches of up to 1000 lines to `onLines`. */
export async function streamJsonl(fetchFn: typeof fetch, url: string, onLines: (lines: string[]) => void, signal?: AbortSignal) {
  const response = await fetchFn(url, { signal });
  if (!response.ok || !response.body) throw new RetriableJobError(`bulk result download failed: HTTP ${response.status}`);
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
