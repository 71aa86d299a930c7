// Starts the full local stack (simulators + built app + worker) on free ports with a fresh database.
import { mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { LOCAL_DEFAULTS } from "../../simulators/shared/local-defaults";
import { freePort } from "../../scripts/free-port";
import { startStack, type Stack, type StackConfig } from "../../scripts/stack";

export async function startTestStack(overrides: Partial<StackConfig> = {}): Promise<Stack> {
  const dbFile = path.resolve(`tmp/test/stack-${randomUUID()}.sqlite`);
  mkdirSync(path.dirname(dbFile), { recursive: true });
  const lines: string[] = [];
  const stack = await startStack({
    env: { ...LOCAL_DEFAULTS, DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: "warn" },
    appPort: await freePort(),
    shopifyPort: await freePort(),
    whiplashPort: await freePort(),
    onLog: (source, line) => {
      lines.push(`[${source}] ${line}`);
      if (process.env.DEBUG_STACK) console.log(`[${source}] ${line}`);
    },
    ...overrides,
  }).catch((error: Error) => {
    throw new Error(`${error.message}\n${lines.slice(-40).join("\n")}`);
  });
  return stack;
}

/** Authenticated requests need a browser-like user agent: authenticate.admin answers bots with 410. */
export const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
