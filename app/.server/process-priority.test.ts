import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lowerProcessPriority, type PriorityDeps } from "./process-priority";

/** Threads with niceness values; `gone` ones vanish when touched, as a finished helper thread does. */
function fakeThreads(initial: Record<number, number>, gone: number[] = []): PriorityDeps & { niceness: Record<number, number> } {
  const niceness = { ...initial };
  const check = (id: number) => {
    if (gone.includes(id)) throw Object.assign(new Error("no such process"), { info: { code: "ESRCH" } });
  };
  return {
    niceness,
    threads: () => Object.keys(initial).map(Number),
    get: (id) => (check(id), niceness[id]),
    set: (id, n) => (check(id), (niceness[id] = n)),
  };
}

describe("lowerProcessPriority", () => {
  it("sets every thread, never raises one already lower, and skips threads that ended", () => {
    const threads = fakeThreads({ 1: 0, 2: 0, 3: 15, 4: 0 }, [4]);
    expect(lowerProcessPriority(10, threads)).toEqual({ lowered: 2, unchanged: 1 });
    expect(threads.niceness).toEqual({ 1: 10, 2: 10, 3: 15, 4: 0 });
  });

  it("passes on a refusal other than a finished thread, and refuses a niceness Unix has not", () => {
    const refusing: PriorityDeps = {
      threads: () => [1],
      get: () => 0,
      set: () => {
        throw Object.assign(new Error("permission denied"), { info: { code: "EACCES" } });
      },
    };
    expect(() => lowerProcessPriority(10, refusing)).toThrow("permission denied");
    expect(() => lowerProcessPriority(20, fakeThreads({ 1: 0 }))).toThrow(RangeError);
    expect(() => lowerProcessPriority(2.5, fakeThreads({ 1: 0 }))).toThrow(RangeError);
  });

  // Linux keeps a niceness per thread: a real process shows whether V8's and libuv's threads, started before
  // the call, and a thread started after it all end up below the default priority.
  it.skipIf(!existsSync("/proc/self/task"))("lowers every thread of a real process, those started after it included (Linux)", () => {
    const script = `
      import { readdirSync, readFileSync } from "node:fs";
      import { Worker } from "node:worker_threads";
      import { lowerProcessPriority } from ${JSON.stringify(path.resolve("app/.server/process-priority.ts"))};
      const outcome = lowerProcessPriority(7);
      const worker = new Worker("setTimeout(() => {}, 200)", { eval: true });
      await new Promise((r) => worker.once("online", r));
      // Field 19 of /proc/<tid>/stat is the niceness (after the parenthesised command name).
      const niceness = readdirSync("/proc/self/task").map((t) => Number(readFileSync("/proc/self/task/" + t + "/stat", "utf8").split(") ")[1].split(" ")[16]));
      console.log(JSON.stringify({ outcome, niceness }));
      await worker.terminate();
    `;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    const { outcome, niceness } = JSON.parse(out.trim().split("\n").at(-1)!) as { outcome: { lowered: number }; niceness: number[] };
    expect(outcome.lowered).toBeGreaterThan(1); // the main thread and threads Node started before the call
    expect(niceness.length).toBeGreaterThan(outcome.lowered); // the worker thread and its helpers came after
    expect(new Set(niceness)).toEqual(new Set([7]));
  });
});
