// GET /app/bulk/:id/csv: the run's per-item results (resource route; authenticated like every app page).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { uiContext } from "../.server/wiring/route-context";
import { runCsvStream } from "../.server/bulk/run-csv";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  const stream = await runCsvStream(ctx.prisma, ctx.shopId, params.id ?? "");
  if (!stream) return new Response("This bulk run does not exist in this store.", { status: 404 });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="bulk-run-${(params.id ?? "").replace(/[^\w-]/g, "")}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
