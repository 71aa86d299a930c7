// Small formatting helpers shared by the pages (pure; safe on server and client).

export function timeAgo(iso: string | null, now: number = Date.now()): string {
  if (!iso) return "never";
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (s < 0) return "just now";
  if (s < 45) return "just now";
  if (s < 90) return "1 minute ago";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minutes ago`;
  const h = Math.round(m / 60);
  if (h < 36) return `${h} hour${h === 1 ? "" : "s"} ago`;
  const d = Math.round(h / 24);
  return `${d} days ago`;
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return "-";
  return new Date(iso).toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? "-" : n.toLocaleString("en-US");
}

/** "gid://shopify/Location/12" -> "Location 12" when we have no name for it. */
export function shortGid(gid: string | null): string {
  if (!gid) return "-";
  const m = /gid:\/\/shopify\/(\w+)\/(\d+)/.exec(gid);
  return m ? `${m[1]} ${m[2]}` : gid;
}

export function humanReason(code: string): string {
  return code.replace(/_/g, " ").toLowerCase().replace(/^\w/, (c) => c.toUpperCase());
}
