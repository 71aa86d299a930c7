import { describe, expect, it } from "vitest";
import { StatementGate } from "./statement-gate";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("StatementGate", () => {
  it("runs at most `limit` tasks at once, in arrival order, and every task finishes", async () => {
    const gate = new StatementGate(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        gate.run(async () => {
          started.push(i);
          running++;
          most = Math.max(most, running);
          await tick();
          running--;
          return i * 10;
        }),
      ),
    );
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("a failing task frees its slot and its error reaches its caller only", async () => {
    const gate = new StatementGate(1);
    const failed = gate.run(async () => {
      await tick();
      throw new Error("deadlock detected");
    });
    const next = gate.run(async () => "ran");
    await expect(failed).rejects.toThrow("deadlock detected");
    await expect(next).resolves.toBe("ran");
    await expect(gate.run(async () => "and again")).resolves.toBe("and again");
  });

  it("refuses a limit below one", () => {
    expect(() => new StatementGate(0)).toThrow(/at least 1/);
  });
});
