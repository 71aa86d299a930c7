// Reads a request body up to a size limit, refusing early on a declared Content-Length above it and
// cancelling the stream as soon as the limit is passed, so an oversized body is never held in memory.
// Two forms: a Web Request (Remix routes, tests) and node's IncomingMessage (server.mjs's direct path).
import type { IncomingMessage } from "node:http";

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
    this.name = "BodyTooLarge";
  }
}

export async function readLimitedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** The request was closed by the client before its body ended. */
export class BodyAborted extends Error {
  constructor() {
    super("The client closed the request before its body ended.");
    this.name = "BodyAborted";
  }
}

/**
 * readLimitedBody for node's IncomingMessage, without a Web stream in between. Past the limit the chunks
 * already held are dropped and the rest is discarded as it arrives (node reads the remainder so the
 * connection can carry the 413 and the next request), never buffered.
 */
export function readLimitedNodeBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new BodyTooLarge(maxBytes));
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      done();
      chunks.length = 0;
      request.resume(); // keeps flowing with no listener: the remainder is read and dropped
      reject(new BodyTooLarge(maxBytes));
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onClose = () => {
      done();
      reject(new BodyAborted());
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("close", onClose);
  });
}
