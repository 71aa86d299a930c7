// The writer benchmark runs its writer at the worker's CPU priority (WORKER_NICENESS) and the Shopify
// simulator at ours: the simulator stands in for Shopify's servers, which share no cores with the app, so
// it must not inherit the writer's niceness and wait behind the database server as the writer does.
// Runs the smallest scenario (the quick calls-only floor: 80 calls, no database) in one child process,
// as `npm run bench -- writer` runs each scenario.
import { execFile } from "node:child_process";
import { getPriority } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

describe.skipIf(process.platform !== "linux")("writer bench process priorities (Linux: niceness is read from /proc)", () => {
  it("runs the writer at WORKER_NICENESS and the simulator at the caller's priority", async () => {
    const ours = getPriority();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "bench/run.ts", "writer", "--quick", "--only=plus-20k-calls-only", "--store=sqlite", "--in-process"],
      { cwd: ROOT, env: { ...process.env, WORKER_NICENESS: "7" }, maxBuffer: 1 << 24 },
    );
    const line = JSON.parse(stdout.trim().split("\n").findLast((l) => l.startsWith("{"))!) as Record<string, unknown>;
    expect(line.scenario).toBe("plus-20k-calls-only");
    expect(line.finalMismatches).toBe(0);
    // Never raised: a runner already nicer than 7 keeps its own.
    expect(line.writerNiceness).toBe(Math.max(ours, 7));
    expect(line.simulatorNiceness).toBe(ours);
  }, 120_000);
});
