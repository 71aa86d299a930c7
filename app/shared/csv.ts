// One CSV cell, safe to open in a spreadsheet (every CSV download: bulk runs, Activity, reconciliation).

/** A number, written as such (a leading minus here is data, not a formula). */
const NUMBER = /^-?\d+(\.\d+)?$/;
/** What a spreadsheet may run as a formula when a cell starts with it (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  const safe = typeof v === "string" && FORMULA_START.test(s) && !NUMBER.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
