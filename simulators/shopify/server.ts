// The HTTP front of the simulator (plain node:http): routes Admin API calls, the admin host page, the
// App Bridge stand-in and the /_sim control endpoints.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { adminPageHtml } from "./admin-page";
import { handleSimRequest } from "./admin-endpoints";
import type { SimControl } from "./control";
import type { CostModel } from "./cost";
import { handleGraphql } from "./graphql-endpoint";
import { CORS_HEADERS, delay, sendJson, sendText } from "./http-util";
import { latencyFor, type Runtime } from "./runtime";
import { handleAccessToken } from "./token-exchange";

const APP_BRIDGE_JS = readFileSync(new URL("./app-bridge-stub.js", import.meta.url), "utf8");
const GRAPHQL_PATH = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/;
const STORE_APP_PATH = /^\/store\/([a-z0-9][a-z0-9-]*)\/apps\/([^/]+)(?:\/(.*))?$/i;

export interface SimServer {
  server: Server;
  /** Requests held open by "hang" faults; destroyed on close. */
  hanging: Set<ServerResponse>;
}

async function adminPage(runtime: Runtime, res: ServerResponse, shop: string | null, subPath = ""): Promise<void> {
  if (!shop || !runtime.state.shops.has(shop)) {
    const shops = [...runtime.state.shops.keys()];
    const links = shops.map((s) => `<li><a href="/store/${s.replace(/\.myshopify\.com$/, "")}/apps/${runtime.apiKey}">${s}</a></li>`).join("");
    return sendText(res, 404, `<!doctype html><title>Shop not found</title><p>Unknown shop ${shop ?? ""}.</p><ul>${links}</ul>`, "text/html; charset=utf-8");
  }
  sendText(res, 200, await adminPageHtml(runtime, shop, subPath), "text/html; charset=utf-8", { "Cache-Control": "no-store" });
}

async function route(runtime: Runtime, control: SimControl, initial: { latencyMs: number; costModel: CostModel }, hanging: Set<ServerResponse>, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = req.method ?? "GET";
  if (method === "OPTIONS") {
    res.writeHead(204, CORS_HEADERS);
    return res.end();
  }
  if (url.pathname.startsWith("/_sim/")) return handleSimRequest(runtime, control, initial, req, res, url);

  const graphql = GRAPHQL_PATH.exec(url.pathname);
  if (graphql && method === "POST") {
    return handleGraphql(runtime, req, res, graphql[1], { add: (r) => hanging.add(r) });
  }
  if (url.pathname === "/admin/oauth/access_token" && method === "POST") {
    const shopHeader = (req.headers["x-shopify-shop-domain"] as string | undefined) ?? null;
    const shop = shopHeader ? runtime.state.shops.get(shopHeader) : undefined;
    const fault = runtime.faults.take({ route: "token", shop: shopHeader });
    if (fault?.kind === "hang") {
      hanging.add(res);
      return;
    }
    await delay(latencyFor(runtime, shop));
    if (fault?.kind === "status") {
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {};
      return sendJson(res, fault.status!, { errors: "Service temporarily unavailable" }, headers);
    }
    return handleAccessToken(runtime, req, res);
  }
  if (method === "GET" && url.pathname === "/app-bridge.js") {
    return sendText(res, 200, APP_BRIDGE_JS, "application/javascript; charset=utf-8", { ...CORS_HEADERS, "Cache-Control": "no-store" });
  }
  if (method === "GET" && (url.pathname === "/" || url.pathname === "/admin")) {
    return adminPage(runtime, res, url.searchParams.get("shop") ?? runtime.state.defaultShop);
  }
  const storeApp = STORE_APP_PATH.exec(url.pathname);
  if (method === "GET" && storeApp) {
    if (storeApp[2] !== runtime.apiKey) return sendText(res, 404, "App not found in this simulated admin", "text/plain");
    return adminPage(runtime, res, `${storeApp[1]}.myshopify.com`, storeApp[3] ?? "");
  }
  sendJson(res, 404, { errors: "Not Found" });
}

export function createSimServer(runtime: Runtime, control: SimControl, initial: { latencyMs: number; costModel: CostModel }): SimServer {
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    res.on("close", () => hanging.delete(res));
    route(runtime, control, initial, hanging, req, res).catch((error: Error) => {
      if (!res.headersSent) sendJson(res, 500, { errors: `Simulator error: ${error.message}` });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return { server, hanging };
}
