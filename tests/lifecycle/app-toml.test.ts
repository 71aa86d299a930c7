// shopify.app.toml is what `shopify app deploy` publishes: a webhook pointing at a route that does not
// exist fails silently in production (Shopify retries, then drops the subscription), so check it here.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { LOCAL_DEFAULTS } from "../../simulators/shared/local-defaults";
import { parseEnv } from "../../app/.server/env";

interface Subscription {
  topics?: string[];
  compliance_topics?: string[];
  uri: string;
}
interface AppToml {
  client_id: string;
  name: string;
  handle: string;
  application_url: string;
  embedded: boolean;
  access_scopes: { scopes: string };
  webhooks: { api_version: string; subscriptions: Subscription[] };
}

const toml = parse(readFileSync(path.resolve("shopify.app.toml"), "utf8")) as unknown as AppToml;

/** Remix flat routes: "/webhooks/app/uninstalled" -> app/routes/webhooks.app.uninstalled.tsx */
function routeFileFor(uri: string): string {
  const segments = new URL(uri, "https://app.example").pathname.split("/").filter(Boolean);
  return path.resolve("app/routes", `${segments.join(".")}.tsx`);
}

// The scopes the app needs and why (kept in sync with the comment in shopify.app.toml):
// products (SKU matching, saved searches), inventory (read levels, inventorySetQuantities, bulk read),
// locations (warehouse -> location mapping), orders (units ordered in Shopify that Whiplash has not imported
// yet, rule 3.9). Nothing else: an App Store reviewer rejects extra scopes.
const APP_SCOPES = ["read_inventory", "read_locations", "read_orders", "read_products", "write_inventory"];
const scopeSet = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean).sort();

describe("shopify.app.toml", () => {
  it("names the app and is embedded", () => {
    expect(toml.name).toBeTruthy();
    expect(toml.handle).toMatch(/^[a-z0-9-]+$/);
    expect(toml.application_url).toMatch(/^https:\/\//);
    expect(toml.embedded).toBe(true);
  });

  it("asks for exactly the scopes the app uses, the same as the app's own default", () => {
    expect(scopeSet(toml.access_scopes.scopes)).toEqual(APP_SCOPES);
    expect(scopeSet(LOCAL_DEFAULTS.SCOPES)).toEqual(APP_SCOPES);
    const defaults = parseEnv({ SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://a.example" });
    expect(scopeSet(defaults.SCOPES)).toEqual(APP_SCOPES);
  });

  it("subscribes webhooks on API version 2026-07", () => {
    expect(toml.webhooks.api_version).toBe("2026-07");
  });

  it("maps every webhook uri to an existing route file", () => {
    for (const sub of toml.webhooks.subscriptions) {
      expect(sub.uri, JSON.stringify(sub)).toMatch(/^\/webhooks\//);
      expect(existsSync(routeFileFor(sub.uri)), `${sub.uri} -> ${routeFileFor(sub.uri)}`).toBe(true);
    }
  });

  it("subscribes the topics the app handles, including all mandatory compliance topics", () => {
    const topics = toml.webhooks.subscriptions.flatMap((s) => s.topics ?? []).sort();
    expect(topics).toEqual([
      "app/scopes_update",
      "app/uninstalled",
      "bulk_operations/finish",
      "inventory_levels/update",
      "orders/cancelled",
      "orders/create",
      "orders/fulfilled",
      "orders/updated",
    ]);
    const compliance = toml.webhooks.subscriptions.flatMap((s) => s.compliance_topics ?? []).sort();
    expect(compliance).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });
});

describe("admin UI extensions", () => {
  const dirs = ["extensions/inventory-sync-block", "extensions/inventory-sync-action"];
  const expected: Record<string, string> = {
    "extensions/inventory-sync-block": "admin.product-details.block.render",
    "extensions/inventory-sync-action": "admin.product-index.selection-action.render",
  };

  it.each(dirs)("%s: API 2026-07 (Preact + Polaris web components), its target, and a module that exists", (dir) => {
    const ext = parse(readFileSync(path.join(dir, "shopify.extension.toml"), "utf8")) as unknown as {
      api_version: string;
      extensions: { type: string; handle: string; targeting: { module: string; target: string }[] }[];
    };
    expect(ext.api_version).toBe("2026-07");
    const [only] = ext.extensions;
    expect(only.type).toBe("ui_extension");
    expect(only.handle).toBe(path.basename(dir));
    expect(only.targeting.map((t) => t.target)).toEqual([expected[dir]]);
    for (const t of only.targeting) expect(existsSync(path.join(dir, t.module)), t.module).toBe(true);
    // The package line matches the api_version; the React flavour (frozen at 2025-07) is gone.
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(pkg.dependencies["@shopify/ui-extensions"]).toMatch(/^2026\.7\./);
    expect(pkg.dependencies.preact).toMatch(/^10\./);
    expect(Object.keys(pkg.dependencies).filter((name) => /(^|[/-])react($|-)/.test(name))).toEqual([]);
    // JSX for Preact in editors and in Shopify CLI's esbuild (which reads the nearest tsconfig.json).
    const tsconfig = JSON.parse(readFileSync(path.join(dir, "tsconfig.json"), "utf8")) as { compilerOptions: { jsxImportSource?: string } };
    expect(tsconfig.compilerOptions.jsxImportSource).toBe("preact");
  });
});
