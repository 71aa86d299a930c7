// Ship notices (ASNs) as notices: header status and lookups. A line's own state (expected, received,
// publish) belongs to its item and is saved with it by items.ts saveItemState. Scoped by customer.
import type { PrismaClient } from "@prisma/client";
import { chunk, type Db } from "./db-types";
import { SHIP_NOTICE_COMPLETED } from "./items";

export { SHIP_NOTICE_COMPLETED, SHIP_NOTICE_IN_TRANSIT } from "./items";

export interface ShipNoticeLineRecord {
  id: string;
  whiplashLineId: number;
  itemId: string;
  whiplashItemId: number;
  sku: string;
  expected: number;
  receivedGood: number;
  damaged: number;
  publish: boolean;
  lastEventAt: Date | null;
}

export interface ShipNoticeRecord {
  id: string;
  customerId: string;
  whiplashId: number;
  warehouseId: number;
  status: number;
  completed: boolean;
  lastEventAt: Date | null;
  lines: ShipNoticeLineRecord[];
}

const noticeInclude = {
  lines: {
    orderBy: { whiplashLineId: "asc" as const },
    include: { item: { select: { whiplashItemId: true, sku: true } } },
  },
};

type NoticeRow = Awaited<ReturnType<typeof findNoticeRow>>;

function findNoticeRow(prisma: Db, customerId: string, whiplashId: number) {
  return prisma.shipNotice.findUnique({ where: { customerId_whiplashId: { customerId, whiplashId } }, include: noticeInclude });
}

function toRecord(row: NonNullable<NoticeRow>): ShipNoticeRecord {
  return {
    id: row.id,
    customerId: row.customerId,
    whiplashId: row.whiplashId,
    warehouseId: row.warehouseId,
    status: row.status,
    completed: row.status >= SHIP_NOTICE_COMPLETED,
    lastEventAt: row.lastEventAt,
    lines: row.lines.map((l) => ({
      id: l.id,
      whiplashLineId: l.whiplashLineId,
      itemId: l.itemId,
      whiplashItemId: l.item.whiplashItemId,
      sku: l.item.sku,
      expected: l.expected,
      receivedGood: l.receivedGood,
      damaged: l.damaged,
      publish: l.publish,
      lastEventAt: l.lastEventAt,
    })),
  };
}

export async function getShipNotice(prisma: Db, customerId: string, whiplashId: number): Promise<ShipNoticeRecord | null> {
  const row = await findNoticeRow(prisma, customerId, whiplashId);
  return row ? toRecord(row) : null;
}

export interface UpsertShipNoticeInput {
  whiplashId: number;
  warehouseId: number;
  status: number;
  /** The notice's updated_at: older updates do not overwrite newer ones (rule 3.7). */
  at: Date;
}

/**
 * Creates or updates a notice header from Whiplash. Applied only if `at` is newer than what we have; a
 * completed notice stays completed (its lines publish nothing more). Returns whether it was applied.
 */
export async function upsertShipNotice(prisma: PrismaClient, customerId: string, input: UpsertShipNoticeInput): Promise<boolean> {
  const key = { customerId, whiplashId: input.whiplashId };
  const { count } = await prisma.shipNotice.updateMany({
    where: { ...key, OR: [{ lastEventAt: null }, { lastEventAt: { lt: input.at } }] },
    data: { warehouseId: input.warehouseId, lastEventAt: input.at },
  });
  if (count > 0) {
    // Status moves forward only: "completed" is a grow-only fact.
    await prisma.shipNotice.updateMany({
      where: { ...key, status: { lt: SHIP_NOTICE_COMPLETED } },
      data: { status: input.status },
    });
    return true;
  }
  const row = await prisma.shipNotice.upsert({
    where: { customerId_whiplashId: key },
    create: { ...key, warehouseId: input.warehouseId, status: input.status, lastEventAt: input.at },
    update: {},
    select: { lastEventAt: true },
  });
  return row.lastEventAt?.getTime() === input.at.getTime();
}

/** Marks a notice completed (grow-only); false when there is no such notice. */
export async function completeShipNotice(prisma: Db, customerId: string, whiplashId: number): Promise<boolean> {
  const { count } = await prisma.shipNotice.updateMany({
    where: { customerId, whiplashId },
    data: { status: SHIP_NOTICE_COMPLETED },
  });
  return count > 0;
}

/** Item ids (ours) with lines on the notice: the items a notice-level event must be applied to. */
export async function itemIdsOnShipNotice(prisma: Db, customerId: string, whiplashId: number): Promise<string[]> {
  const rows = await prisma.shipNoticeLine.findMany({
    where: { shipNotice: { customerId, whiplashId } },
    select: { itemId: true },
    distinct: ["itemId"],
    orderBy: { itemId: "asc" },
  });
  return rows.map((r) => r.itemId);
}

/** The customer's notices, newest first; `openOnly` leaves out completed ones. */
export async function listShipNotices(
  prisma: Db,
  customerId: string,
  options: { openOnly?: boolean; take?: number } = {},
): Promise<ShipNoticeRecord[]> {
  const rows = await prisma.shipNotice.findMany({
    where: { customerId, ...(options.openOnly ? { status: { lt: SHIP_NOTICE_COMPLETED } } : {}) },
    orderBy: [{ whiplashId: "desc" }],
    take: Math.min(Math.max(options.take ?? 50, 1), 500),
    include: noticeInclude,
  });
  return rows.map(toRecord);
}

/** Warehouse and status of notices by Whiplash id (absent: unknown). */
export async function shipNoticeHeaders(
  prisma: Db,
  customerId: string,
  whiplashIds: readonly number[],
): Promise<Map<number, { warehouseId: number; status: number }>> {
  const out = new Map<number, { warehouseId: number; status: number }>();
  for (const ids of chunk([...new Set(whiplashIds)], 500)) {
    const rows = await prisma.shipNotice.findMany({
      where: { customerId, whiplashId: { in: ids } },
      select: { whiplashId: true, warehouseId: true, status: true },
    });
    for (const r of rows) out.set(r.whiplashId, { warehouseId: r.warehouseId, status: r.status });
  }
  return out;
}
