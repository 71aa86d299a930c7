// GET /app/activity/csv?<filters>: the store-wide sync log as CSV, every row the filters select (streamed).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { connected, uiContext } from "../.server/wiring/route-context";
import { activityCsvStream } from "../.server/views/activity";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  const scope = connected(ctx);
  if (!scope) return new Response("Connect Whiplash in Settings first.", { status: 409 });
  return new Response(activityCsvStream(ctx.prisma, scope, new URL(request.url)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="sync-activity.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
