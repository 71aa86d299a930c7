// How a worker process is started, in one place: `npm run worker` (package.json, held equal by
// scripts/worker-command.test.ts), `shopify app dev`, the demo and the benches.
//
// A larger young generation: the shop writer allocates a few hundred bytes of short-lived JSON and
// objects per item it syncs, and with V8's default (16 MB) semi-spaces scavenges cost it 0.4-0.6 s of
// CPU per 200,000 items on a 2-core machine (plus-200k bench, alternating runs). The space grows to this
// size only under such load.
export const WORKER_V8_FLAGS = ["--max-semi-space-size=64"];

/** Node's arguments for app/worker.server.ts (tsx as a loader: a SIGTERM or SIGKILL reaches the worker itself). */
export const WORKER_NODE_ARGS = [...WORKER_V8_FLAGS, "--import", "tsx", "app/worker.server.ts"];
