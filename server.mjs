// HTTP server for the built Remix app (`npm start`, the demo and the benchmarks).
// Like remix-serve, but it runs the same way under NODE_ENV=development and production
// (remix-serve's development mode expects a Vite dev server) and logs only errors.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(root, "build/server/index.js"));
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "127.0.0.1";

const app = express();
app.disable("x-powered-by");

app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

// Whiplash webhooks skip express, compression, static files and Remix's routing: under a webhook burst
// those (and the Web Request/Response round trip) cost more CPU than the intake itself (bench intake
// --cpu-prof). The route's own node form (routes/webhooks.whiplash.tsx, `action.node`) reads the raw
// body with the same size limit, verifies, stores and answers; every other request goes to express.
const whiplashWebhook = build.routes["routes/webhooks.whiplash"]?.module.action?.node;
const isWhiplashWebhook = (req) => req.method === "POST" && (req.url === "/webhooks/whiplash" || req.url.startsWith("/webhooks/whiplash?"));

const server = http.createServer((req, res) => {
  if (whiplashWebhook && isWhiplashWebhook(req)) {
    whiplashWebhook(req, res).catch((error) => {
      console.error("whiplash webhook failed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"error":"internal error"}');
      else res.end();
    });
    return;
  }
  app(req, res);
});
server.listen(port, host, () => console.log(`app listening on http://${host}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
