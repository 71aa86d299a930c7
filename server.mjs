// HTTP server for the built Remix app (`npm start`, the demo and the benchmarks).
// Like remix-serve, but it runs the same way under NODE_ENV=development and production
// (remix-serve's development mode expects a Vite dev server) and logs only errors.
import path from "node:path";
import { Buffer } from "node:buffer";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const { AbortController, Headers, Request } = globalThis;

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import(path.join(root, "build/server/index.js"));
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "127.0.0.1";

const app = express();
app.disable("x-powered-by");

// Whiplash webhooks skip compression, static files and Remix's routing (route matching, data strategy,
// Request re-creation): under a webhook burst those cost more CPU than the intake itself (bench intake
// --cpu-prof: about a fifth of the server's time). The route module's action still does all the work,
// so verification, storage and answers are the same; only the dispatch is direct.
const whiplashWebhook = build.routes["routes/webhooks.whiplash"]?.module.action;
if (whiplashWebhook) {
  app.post("/webhooks/whiplash", async (req, res) => {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    try {
      const request = new Request(`http://${req.headers.host ?? host}${req.originalUrl}`, {
        method: "POST",
        headers,
        body: Readable.toWeb(req),
        duplex: "half",
        signal: controller.signal,
      });
      const response = await whiplashWebhook({ request, params: {}, context: {} });
      const body = Buffer.from(await response.arrayBuffer());
      res.status(response.status);
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.end(body);
    } catch (error) {
      console.error("whiplash webhook failed", error);
      if (!res.headersSent) res.status(500).json({ error: "internal error" });
      else res.end();
    }
  });
}

app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const server = app.listen(port, host, () => console.log(`app listening on http://${host}:${port}`));
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
