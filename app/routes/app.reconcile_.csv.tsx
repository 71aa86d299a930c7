// GET /app/reconcile/csv[?report=<id>]: every discrepancy of this shop's reconciliation report (the latest
// by default) as CSV, streamed. A report id of another shop is not found.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { connected, uiContext } from "../.server/wiring/route-context";
import { reconcileCsvStream, reportIdForCsv } from "../.server/reconcile/reconcile-csv";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  if (!connected(ctx)) return new Response("Connect Whiplash in Settings first.", { status: 409 });
  const reportId = await reportIdForCsv(ctx.prisma, ctx.shopId, new URL(request.url).searchParams.get("report"));
  if (!reportId) return new Response("No reconciliation report.", { status: 404 });
  return new Response(reconcileCsvStream(ctx.prisma, ctx.shopId, reportId), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="reconciliation-${reportId}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
