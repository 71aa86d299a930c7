// The merchant's answer to "is Whiplash's own Shopify inventory sync still on?" (docs/decisions/0010): the
// API does not expose it, so it is asked once on connect and kept on the customer.
import type { PrismaClient } from "@prisma/client";
import type { ActionResult } from "./command-result";

export async function answerOwnSync(prisma: PrismaClient, customerId: string, answer: unknown): Promise<ActionResult> {
  if (answer !== "ON" && answer !== "OFF") return { ok: false, status: 400, message: "Answer on or off." };
  await prisma.customer.update({ where: { id: customerId }, data: { whiplashOwnSyncAnswer: answer } });
  return { ok: true, message: answer === "ON" ? "Noted: Whiplash's own sync is still on." : "Noted: only this app writes inventory." };
}
