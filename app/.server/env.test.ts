import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const base = {
  SHOPIFY_API_KEY: "k",
  SHOPIFY_API_SECRET: "s",
  SHOPIFY_APP_URL: "http://127.0.0.1:3000",
};

describe("parseEnv", () => {
  it("leaves the simulator seam off unless configured", () => {
    expect(parseEnv(base).SHOPIFY_ADMIN_BASE_URL).toBeUndefined();
  });

  it("names every missing variable", () => {
    expect(() => parseEnv({})).toThrow(/SHOPIFY_API_KEY[\s\S]*SHOPIFY_API_SECRET[\s\S]*SHOPIFY_APP_URL/);
  });

  it("refuses the simulator base URL in production", () => {
    expect(() =>
      parseEnv({ ...base, NODE_ENV: "production", SHOPIFY_ADMIN_BASE_URL: "http://127.0.0.1:4010" }),
    ).toThrow(/refused when NODE_ENV=production/);
  });

  it("allows it in production only with the explicit opt-in", () => {
    const env = parseEnv({
      ...base,
      NODE_ENV: "production",
      SHOPIFY_ADMIN_BASE_URL: "http://127.0.0.1:4010",
      ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION: "true",
    });
    expect(env.SHOPIFY_ADMIN_BASE_URL).toBe("http://127.0.0.1:4010");
  });
});
