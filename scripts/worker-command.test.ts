import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { WORKER_NODE_ARGS } from "./worker-command.mjs";

describe("npm run worker", () => {
  it("starts the worker with the same node arguments as the demo, shopify app dev and the benches", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.worker).toBe(`node ${WORKER_NODE_ARGS.join(" ")}`);
  });
});
