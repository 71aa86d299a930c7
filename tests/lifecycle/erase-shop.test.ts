// Guards the erasure against schema growth: every model with a shop column must be erased by
// eraseShopData (explicitly, or by cascading from Shop).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const source = readFileSync("app/.server/db/erase-shop-data.ts", "utf8");
const schema = readFileSync("prisma/schema.prisma", "utf8");
const lc = (s: string) => s[0].toLowerCase() + s.slice(1);

describe("eraseShopData covers the schema", () => {
  it("erases every model that has a shop column", () => {
    const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(([, name, body]) => ({ name, body }));
    expect(models.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const { name, body } of models) {
      const hasShopColumn = /^\s+shopId\s/m.test(body) || (name === "Session" && /^\s+shop\s+String/m.test(body));
      if (!hasShopColumn) continue;
      const cascades = /^\s+\w+\s+Shop\s+@relation\([^)]*onDelete:\s*Cascade/m.test(body);
      const explicit = source.includes(`prisma.${lc(name)}.deleteMany`);
      if (!cascades && !explicit) missing.push(name);
    }
    expect(missing).toEqual([]);
  });
});
