import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const base = {
  NODE_ENV: "development",
  SHOPIFY_API_KEY: "k",
  SHOPIFY_API_SECRET: "s",
  SHOPIFY_APP_URL: "http://127.0.0.1:3000",
};

/** A deployment's environment that passes every production check. */
const production = {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: "real-key",
  SHOPIFY_API_SECRET: "real-secret",
  SHOPIFY_APP_URL: "https://sync.example.com",
  WHIPLASH_API_BASE_URL: "https://www.getwhiplash.com/api/v2",
  WHIPLASH_CLIENT_ID: "real-client",
  WHIPLASH_CLIENT_SECRET: "real-whiplash-secret",
  ENCRYPTION_KEY: "f".repeat(64),
};

/** .env.example as a user copies it to .env. */
function dotEnvExample(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(new URL("../../.env.example", import.meta.url), "utf8").split(/\r?\n/)) {
    const m = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/);
    if (m && !line.trimStart().startsWith("#")) out[m[1]] = m[2];
  }
  return out;
}

function problems(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}

describe("parseEnv", () => {
  it("leaves the simulator seam off unless configured", () => {
    expect(parseEnv(base).SHOPIFY_ADMIN_BASE_URL).toBeUndefined();
  });

  it("names every missing variable", () => {
    expect(() => parseEnv({})).toThrow(/SHOPIFY_API_KEY[\s\S]*SHOPIFY_API_SECRET[\s\S]*SHOPIFY_APP_URL/);
  });

  it("refuses the simulator base URL in production", () => {
    expect(() =>
      parseEnv({ ...production, SHOPIFY_ADMIN_BASE_URL: "http://127.0.0.1:4010" }),
    ).toThrow(/refused when NODE_ENV=production/);
  });

  it("allows it in production only with the explicit opt-in", () => {
    const env = parseEnv({
      ...production,
      SHOPIFY_ADMIN_BASE_URL: "http://127.0.0.1:4010",
      ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION: "true",
    });
    expect(env.SHOPIFY_ADMIN_BASE_URL).toBe("http://127.0.0.1:4010");
  });
});

describe("production guard (issue 12 item 2)", () => {
  it("accepts a real deployment's settings", () => {
    expect(problems(production)).toBe("");
  });

  it("treats an unset NODE_ENV as production, so `npm run worker` and the app decide the same way", () => {
    const { NODE_ENV: _omitted, ...unset } = production;
    expect(parseEnv(unset).NODE_ENV).toBe("production");
    expect(problems({ ...unset, SHOPIFY_APP_URL: "http://127.0.0.1:3000" })).toMatch(/SHOPIFY_APP_URL/);
  });

  it("refuses .env.example as it is, with one message naming every problem", () => {
    const { NODE_ENV: _unset, ...example } = dotEnvExample();
    const message = problems(example);
    expect(message).toMatch(/^Invalid environment/);
    for (const name of [
      "SHOPIFY_APP_URL",
      "SHOPIFY_ADMIN_BASE_URL",
      "WHIPLASH_API_BASE_URL",
      "SHOPIFY_API_SECRET",
      "WHIPLASH_CLIENT_SECRET",
      "ENCRYPTION_KEY",
    ]) {
      expect(message, name).toContain(`${name}:`);
    }
    // How to run against the simulators on purpose.
    expect(message).toContain("NODE_ENV=development");
    // The secrets themselves are never repeated in the message.
    expect(message).not.toContain(example.SHOPIFY_API_SECRET);
    expect(message).not.toContain(example.WHIPLASH_CLIENT_SECRET);
    expect(message).not.toContain(example.ENCRYPTION_KEY);
  });

  it.each([
    ["a simulator port on 127.0.0.1", "https://127.0.0.1:4020/api/v2"],
    ["localhost", "https://localhost/api/v2"],
    ["plain http", "http://whiplash.example.com/api/v2"],
  ])("refuses a Whiplash base URL at %s", (_what, url) => {
    expect(problems({ ...production, WHIPLASH_API_BASE_URL: url })).toMatch(/WHIPLASH_API_BASE_URL:/);
  });

  it("refuses a non-https app URL", () => {
    expect(problems({ ...production, SHOPIFY_APP_URL: "http://sync.example.com" })).toMatch(/SHOPIFY_APP_URL: .*https/);
  });

  // The credentials .env.example publishes (anyone can read them, so they protect nothing).
  it.each(["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "WHIPLASH_CLIENT_ID", "WHIPLASH_CLIENT_SECRET", "ENCRYPTION_KEY"])(
    "refuses the published demo value of %s",
    (name) => {
      const value = dotEnvExample()[name];
      expect(value).toBeTruthy();
      expect(problems({ ...production, [name]: value })).toMatch(new RegExp(`${name}: .*published`));
    },
  );

  it("recognises the demo encryption key written in base64 too", () => {
    const base64 = Buffer.from(dotEnvExample().ENCRYPTION_KEY, "hex").toString("base64");
    expect(problems({ ...production, ENCRYPTION_KEY: base64 })).toMatch(/ENCRYPTION_KEY: .*published/);
  });

  it("lets a benchmark run the production build on the simulators only when every URL is local", () => {
    const { NODE_ENV: _unset, ...example } = dotEnvExample();
    const bench = { ...example, NODE_ENV: "production", ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION: "true" };
    expect(problems(bench)).toBe("");
    // The opt-in on a server that talks to the real Whiplash does not excuse the demo key or an http app URL.
    const message = problems({ ...bench, WHIPLASH_API_BASE_URL: "https://www.getwhiplash.com/api/v2" });
    expect(message).toContain("ENCRYPTION_KEY:");
    expect(message).toContain("SHOPIFY_APP_URL:");
  });

  it("keeps development and test mode working with the demo settings", () => {
    const { NODE_ENV: _unset, ...example } = dotEnvExample();
    expect(problems({ ...example, NODE_ENV: "development" })).toBe("");
    expect(problems({ ...example, NODE_ENV: "test" })).toBe("");
  });

  it("runs the worker below the web process's CPU priority unless told otherwise, and refuses a niceness Unix has not", () => {
    expect(parseEnv(base).WORKER_NICENESS).toBe(10);
    expect(parseEnv({ ...base, WORKER_NICENESS: "0" }).WORKER_NICENESS).toBe(0);
    expect(parseEnv({ ...base, WORKER_NICENESS: "19" }).WORKER_NICENESS).toBe(19);
    for (const bad of ["20", "-1", "5.5", "low"]) {
      expect(problems({ ...base, WORKER_NICENESS: bad })).toContain("WORKER_NICENESS: WORKER_NICENESS must be a whole number from 0 to 19");
    }
  });
});
