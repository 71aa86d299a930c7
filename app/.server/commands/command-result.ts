// What a merchant command answers the page that ran it (a toast, or field errors to show).
import type { FieldErrors } from "../../shared/form-errors";

export type ActionResult =
  | { ok: true; message: string; detail?: string }
  | { ok: false; status: number; message: string; fieldErrors?: FieldErrors };

export const NOT_FOUND: ActionResult = { ok: false, status: 404, message: "This item is not in this store's catalog." };
