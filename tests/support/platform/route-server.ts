// A minimal HTTP front for route modules, so the Shopify simulator can deliver its signed webhooks to
// the app's real routes over HTTP (path -> module.action).
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { callAction, type ActionModule } from "./app-harness";

export interface RouteServer {
  url: string;
  /** Deliveries answered so far (path and status), for assertions. */
  received: { path: string; status: number }[];
  /** Resolves when the next delivery to `path` has been answered (no polling, no sleeps). */
  next(path: string): Promise<{ path: string; status: number }>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRouteServer(routes: Record<string, ActionModule>): Promise<RouteServer> {
  const received: RouteServer["received"] = [];
  const waiting: { path: string; resolve: (r: { path: string; status: number }) => void }[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = routes[url.pathname];
    let status = 404;
    let body = "";
    if (route) {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(url, { method: req.method, headers, body: req.method === "POST" ? new Uint8Array(await readBody(req)) : undefined });
      const response = await callAction(route, request).catch(() => new Response("error", { status: 500 }));
      status = response.status;
      body = await response.text();
    }
    const entry = { path: url.pathname, status };
    received.push(entry);
    res.writeHead(status).end(body);
    for (let i = waiting.length - 1; i >= 0; i--) {
      if (waiting[i].path === entry.path) waiting.splice(i, 1)[0].resolve(entry);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    next: (path) => new Promise((resolve) => waiting.push({ path, resolve })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
