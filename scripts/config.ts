// Local configuration: documented defaults, overridden by .env, overridden by the real environment.
import { existsSync, readFileSync } from "node:fs";
import { LOCAL_DEFAULTS } from "../simulators/shared/local-defaults";

export function readDotEnv(file = ".env"): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/);
    if (!m || line.trimStart().startsWith("#")) continue;
    out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, "$2");
  }
  return out;
}

export function localConfig(): Record<string, string> {
  const fromProcess = Object.fromEntries(
    Object.keys(LOCAL_DEFAULTS)
      .filter((k) => process.env[k] !== undefined)
      .map((k) => [k, process.env[k] as string]),
  );
  return { ...LOCAL_DEFAULTS, ...readDotEnv(), ...fromProcess };
}
