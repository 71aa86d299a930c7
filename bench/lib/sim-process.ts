// Starts sim-child.ts as a separate Node process and talks to it over IPC.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Plan } from "../../simulators/shopify";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "sim-child.ts");

export interface SimSetup {
  url: string;
  token: string;
  locationId: string;
  inventoryItemIds: string[];
}

export interface ShopStats {
  counters: { throttled: number; graphqlRequests: number; maxCostExceeded: number; idempotentReplays: number; pointsCharged: number; answered: number; answerMsTotal: number };
  bucket: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

export class SimProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.error) w.reject(new Error(`simulator: ${m.error}`));
      else w.resolve(m.result);
    });
    child.on("exit", (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`simulator process exited (${code})`));
      this.waiting.clear();
    });
  }

  static async start(o: { plan: Plan; latencyMs: number; items: number; shop: string }): Promise<{ sim: SimProcess; setup: SimSetup }> {
    // NODE_ENV=production as a server runs: graphql-js then skips its development-only checks (a cross-realm
    // instanceof test on every schema type it touches), work that only made the stand-in slower.
    const child = fork(CHILD, [], {
      execArgv: ["--import", "tsx", "--max-old-space-size=4096"],
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const sim = new SimProcess(child);
    const setup = (await sim.call({ cmd: "setup", ...o })) as SimSetup;
    return { sim, setup };
  }

  /** The simulator's process id (for its CPU time). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  call(message: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, ...message });
    });
  }

  async levels(): Promise<number[]> {
    return (await this.call({ cmd: "levels" })) as number[];
  }

  async history(): Promise<number[]> {
    return (await this.call({ cmd: "history" })) as number[];
  }

  async stats(): Promise<ShopStats> {
    return (await this.call({ cmd: "stats" })) as ShopStats;
  }

  async close(): Promise<void> {
    await this.call({ cmd: "close" }).catch(() => {});
  }
}
