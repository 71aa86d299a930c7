// CPU time of the other processes a benchmark drives (the simulator child, the PostgreSQL server), read
// from /proc so a result line shows where the machine's cores went, not only this process's share.
// Linux only: elsewhere the figures are null.
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";

/** Clock ticks per second of /proc's times (USER_HZ): 100 on every Linux we run on. */
const TICKS = 100;

interface ProcTimes {
  ppid: number;
  /** utime + stime, in seconds. */
  own: number;
  /** cutime + cstime (children waited for), in seconds. */
  children: number;
}

function procTimes(pid: number): ProcTimes | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name is in parentheses and may hold spaces: fields are counted after its closing one.
  const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // f[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17.
  return { ppid: Number(f[1]), own: (Number(f[11]) + Number(f[12])) / TICKS, children: (Number(f[13]) + Number(f[14])) / TICKS };
}

/** A process's niceness (of its main thread; null when it is gone or /proc is not there). */
export function processNiceness(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 19 (nice), counted after the command name's closing parenthesis as in procTimes.
    return Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[16]);
  } catch {
    return null;
  }
}

/** CPU seconds a process has used so far (null when it is gone or /proc is not there). */
export function processCpuSeconds(pid: number | undefined): number | null {
  return pid === undefined ? null : (procTimes(pid)?.own ?? null);
}

/**
 * CPU seconds the PostgreSQL server of `url` has used so far: the postmaster, its live children
 * (backends, walwriter, autovacuum...) and the children that have exited (the postmaster's cutime).
 * Null when the server is not on this machine. Every database of that cluster counts.
 */
export async function postgresServerCpu(url: string): Promise<{ postmaster: number; read(): number | null } | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let postmaster: number | undefined;
  try {
    const backend = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    // Read while the connection is open: its backend process exits with it.
    postmaster = procTimes(backend)?.ppid;
  } finally {
    await client.end();
  }
  if (!postmaster) return null;
  const read = (): number | null => {
    const main = procTimes(postmaster);
    if (!main) return null;
    let total = main.own + main.children;
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      const t = procTimes(Number(name));
      if (t && t.ppid === postmaster) total += t.own;
    }
    return total;
  };
  return { postmaster, read };
}
