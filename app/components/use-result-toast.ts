// Shows an action's result as an App Bridge toast (shopify.toast.show) once per new result.
import { useEffect, useRef } from "react";
import { useAppBridge } from "@shopify/app-bridge-react";

export interface ResultLike {
  ok: boolean;
  message: string;
}

export function useResultToast(result: ResultLike | null | undefined): void {
  const shopify = useAppBridge();
  const shown = useRef<ResultLike | null>(null);
  useEffect(() => {
    if (!result || shown.current === result || !result.message) return;
    shown.current = result;
    shopify.toast.show(result.message, { isError: !result.ok, duration: 5000 });
  }, [result, shopify]);
}
