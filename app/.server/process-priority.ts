// The worker's CPU priority, below the web process's. When both share a machine (the SQLite default, a
// small PostgreSQL deployment), the web process answers Whiplash's webhooks and the merchant's pages, and
// every millisecond it waits for a core is a millisecond of latency; the worker's work is throughput (it
// drains what the app stored), and yields a core for a moment without losing anything. Measured with the
// intake benchmark (bench/README.md): a niced worker took half the CPU while webhooks arrived, and the
// webhooks' p99 fell, while the writer's own benchmark (no web process beside it) did not change.
//
// On Linux a niceness belongs to a thread, not to the process: setpriority(pid) changes the main thread
// only, and V8's and libuv's threads started before it keep theirs. So every thread of /proc/self/task is
// set; threads started later inherit it from the thread that starts them.
import { readdirSync } from "node:fs";
import os from "node:os";

/** Unix niceness of the worker (0 = the web process's priority, 19 = the lowest). */
export const DEFAULT_WORKER_NICENESS = 10;

export interface PriorityOutcome {
  /** Threads now at `niceness`. */
  lowered: number;
  /** Threads already at that niceness or lower in priority (never raised: that needs privileges). */
  unchanged: number;
}

export interface PriorityDeps {
  /** This process's thread ids; [0] (the calling thread) where there is no /proc. */
  threads(): number[];
  get(id: number): number;
  set(id: number, niceness: number): void;
}

const systemPriority: PriorityDeps = {
  threads() {
    try {
      return readdirSync("/proc/self/task").map(Number);
    } catch {
      return [0];
    }
  },
  get: (id) => os.getPriority(id),
  set: (id, niceness) => os.setPriority(id, niceness),
};

/** Lowers every thread of this process to `niceness`; throws (with the system's reason) if one refuses. */
export function lowerProcessPriority(niceness: number, deps: PriorityDeps = systemPriority): PriorityOutcome {
  if (!Number.isInteger(niceness) || niceness < 0 || niceness > 19) throw new RangeError(`niceness must be a whole number from 0 to 19 (got ${niceness})`);
  const outcome: PriorityOutcome = { lowered: 0, unchanged: 0 };
  for (const id of deps.threads()) {
    try {
      if (deps.get(id) >= niceness) {
        outcome.unchanged++;
        continue;
      }
      deps.set(id, niceness);
      outcome.lowered++;
    } catch (error) {
      if (!threadGone(error)) throw error;
    }
  }
  return outcome;
}

/** The thread ended between the listing and now (a short-lived helper thread): nothing to do. */
function threadGone(error: unknown): boolean {
  return (error as { info?: { code?: string } } | null)?.info?.code === "ESRCH";
}
