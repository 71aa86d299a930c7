// Benchmark dispatcher: `npm run bench -- <name> [args]` runs bench/<name>.ts's exported run(args).
// Each benchmark prints one JSON line per scenario and writes them to bench/results/<name>.json.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));

function available(): string[] {
  return readdirSync(HERE)
    .filter((f) => f.endsWith(".ts") && f !== "run.ts")
    .map((f) => f.replace(/\.ts$/, ""));
}

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const names = available();
  if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(path.join(HERE, `${name}.ts`))) {
    process.stderr.write(`usage: npm run bench -- <${names.join("|")}> [--quick] [...]\n`);
    process.exit(2);
  }
  const mod = (await import(pathToFileURL(path.join(HERE, `${name}.ts`)).href)) as { run?: (args: string[]) => Promise<void> };
  if (typeof mod.run !== "function") throw new Error(`bench/${name}.ts does not export run(args)`);
  await mod.run(args);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
