import { describe, expect, it } from "vitest";
import { createTestDb } from "../support/test-db";

describe("scratch: lost write", () => {
  it("a write made while another caller's transaction is open survives that transaction's rollback", async () => {
    const db = await createTestDb();
    const { prisma } = db;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inTx!: () => void;
    const started = new Promise<void>((r) => (inTx = r));
    const failing = prisma
      .$transaction(async (tx) => {
        await tx.lease.create({ data: { name: "tx-lane", owner: "a", expiresAt: new Date() } });
        inTx();
        await gate;
        throw new Error("rolled back");
      })
      .catch((e: Error) => e.message);
    await started;
    const other = prisma.lease.create({ data: { name: "other-lane", owner: "b", expiresAt: new Date() } });
    // give the other lane a chance to run while the transaction is open
    await Promise.race([other, new Promise((r) => setTimeout(r, 50))]);
    release();
    expect(await failing).toBe("rolled back");
    await other;
    const names = (await prisma.lease.findMany()).map((l) => l.name);
    await db.drop();
    expect(names).toEqual(["other-lane"]);
  });
});
