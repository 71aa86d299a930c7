// The background Admin transport over real HTTP (a local server standing in for Shopify): what it sends,
// what it reads back (compressed or not), how it fails (timeout, refused connection, the caller's abort)
// and that it keeps its connection alive between calls.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { RetriableError } from "./errors";
import { fetchTransport } from "./fetch-transport";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve).closeAllConnections())));
});

async function serve(handler: Handler): Promise<{ url: string; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handler(req, Buffer.concat(chunks).toString("utf8"), res));
  });
  server.on("connection", (s) => sockets.add(s));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

const transportFor = (baseUrl: string, token = "shpat_secret") => fetchTransport({ shop: "demo.myshopify.com", token: { get: async () => token }, baseUrl });
const QUERY = { query: "query Shop { shop { name } }", operationName: "Shop", variables: { n: 1 } };

describe("background Admin transport (node:http)", () => {
  it("POSTs the JSON request with the token and reads status, headers and JSON body", async () => {
    const seen: { method?: string; url?: string; headers?: IncomingMessage["headers"]; body?: string } = {};
    const { url } = await serve((req, body, res) => {
      Object.assign(seen, { method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(429, { "content-type": "application/json", "retry-after": "2" }).end(JSON.stringify({ errors: [{ message: "Throttled" }] }));
    });
    const answer = await transportFor(url).send(QUERY, { timeoutMs: 5_000 });

    expect(seen.method).toBe("POST");
    expect(seen.url).toMatch(/^\/admin\/api\/[0-9-]+\/graphql\.json$/);
    expect(seen.headers).toMatchObject({ "content-type": "application/json", "x-shopify-access-token": "shpat_secret", "x-shopify-shop-domain": "demo.myshopify.com" });
    expect(JSON.parse(seen.body!)).toEqual(QUERY);
    expect(answer.status).toBe(429);
    expect(answer.header("Retry-After")).toBe("2");
    expect(answer.header("x-request-id")).toBeNull();
    expect(answer.body).toEqual({ errors: [{ message: "Throttled" }] });
  });

  it("decompresses gzip and br answers, and a body that is not JSON reads as undefined", async () => {
    const payload = JSON.stringify({ data: { shop: { name: "Démo ✓".repeat(500) } } });
    let call = 0;
    const { url } = await serve((req, _body, res) => {
      call++;
      expect(req.headers["accept-encoding"]).toContain("gzip");
      if (call === 1) res.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync(payload));
      else if (call === 2) res.writeHead(200, { "content-encoding": "br" }).end(brotliCompressSync(payload));
      else res.writeHead(502, { "content-type": "text/html" }).end("<html>Bad gateway</html>");
    });
    const transport = transportFor(url);
    expect((await transport.send(QUERY, { timeoutMs: 5_000 })).body).toEqual(JSON.parse(payload));
    expect((await transport.send(QUERY, { timeoutMs: 5_000 })).body).toEqual(JSON.parse(payload));
    expect(await transport.send(QUERY, { timeoutMs: 5_000 })).toMatchObject({ status: 502, body: undefined });
  });

  it("keeps one connection alive across calls", async () => {
    const { url, sockets } = await serve((_req, _body, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    const transport = transportFor(url);
    for (let i = 0; i < 5; i++) await transport.send(QUERY, { timeoutMs: 5_000 });
    expect(sockets.size).toBe(1);
  });

  it("a slow answer is a retriable TIMEOUT, a refused connection a retriable NETWORK error", async () => {
    const { url } = await serve(() => {
      // Never answers.
    });
    const timedOut = await transportFor(url).send(QUERY, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(RetriableError);
    expect(timedOut).toMatchObject({ kind: "TIMEOUT" });

    const closed = await serve(() => {});
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const refused = await transportFor(closed.url).send(QUERY, { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RetriableError);
    expect(refused).toMatchObject({ kind: "NETWORK" });
    expect(String((refused as Error).message)).not.toContain("shpat_secret");
  });

  it("the caller's abort passes through as the caller's reason, not as a retriable error", async () => {
    const { url } = await serve(() => {});
    const controller = new AbortController();
    const sent = transportFor(url).send(QUERY, { timeoutMs: 5_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("writer stopping")), 50);
    await expect(sent).rejects.toThrow("writer stopping");
  });
});
