// The simulated Shopify admin: a page that embeds the app in an iframe the way admin.shopify.com does
// (embedded=1, shop, host = base64 of "admin.shopify.com/store/<name>", a fresh id_token, locale,
// hmac), and answers the App Bridge stub's postMessage requests for session tokens.
import { createHmac } from "node:crypto";
import type { Runtime } from "./runtime";
import { mintSessionToken } from "./session-token";
import { shopName } from "./state";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function hostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shopName(shop)}`).toString("base64").replace(/=+$/, "");
}

/** The URL the admin loads in the app iframe. */
export async function embeddedAppUrl(runtime: Runtime, shop: string, subPath = ""): Promise<string> {
  const params = new URLSearchParams({
    embedded: "1",
    host: hostParam(shop),
    id_token: await mintSessionToken(shop, runtime.apiKey, runtime.apiSecret),
    locale: "en",
    session: createHmac("sha256", runtime.apiSecret).update(shop).digest("hex").slice(0, 32),
    shop,
    timestamp: String(Math.floor(Date.now() / 1000)),
  });
  // Shopify signs the launch parameters (sorted, hmac excluded) with the app secret.
  const message = [...params.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  params.set("hmac", createHmac("sha256", runtime.apiSecret).update(message).digest("hex"));
  const path = `/app${subPath ? `/${subPath.replace(/^\/+/, "")}` : ""}`;
  return `${runtime.appUrl.replace(/\/$/, "")}${path}?${params.toString()}`;
}

export async function adminPageHtml(runtime: Runtime, shop: string, subPath = ""): Promise<string> {
  const src = await embeddedAppUrl(runtime, shop, subPath);
  const record = runtime.state.shops.get(shop);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(record?.name ?? shop)} · Shopify admin (simulated)</title>
<style>
  html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; background: #f1f1f1; }
  header { height: 44px; display: flex; align-items: center; justify-content: space-between; padding: 0 16px;
           background: #1a1a1a; color: #e3e3e3; font-size: 13px; box-sizing: border-box; }
  header strong { color: #fff; }
  header form { display: flex; gap: 6px; align-items: center; }
  header input { width: 90px; font-size: 12px; }
  iframe { display: block; border: 0; width: 100%; height: calc(100% - 44px); background: #fff; }
</style>
</head>
<body>
<header><span><strong>Shopify admin</strong> · simulated · ${escapeHtml(shop)}</span>
<form id="sim-order" aria-label="Simulate a customer order">
  <label>SKU <input name="sku" required></label>
  <label>Qty <input name="quantity" type="number" min="1" value="1" required></label>
  <button type="submit">Place order</button>
  <output id="sim-order-result" aria-live="polite"></output>
</form>
<span>Plan: ${escapeHtml(record?.plan ?? "")}</span></header>
<iframe id="app-iframe" name="app-iframe" title="App" src="${escapeHtml(src)}" allow="clipboard-read; clipboard-write"></iframe>
<script>
  // A customer's order in the simulated shop (available -> committed, orders/create to the app).
  (function () {
    var form = document.getElementById("sim-order");
    var out = document.getElementById("sim-order-result");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = { lines: [{ sku: form.sku.value, quantity: Number(form.quantity.value) }] };
      fetch("/_sim/shops/" + encodeURIComponent(${JSON.stringify(shop)}) + "/orders", {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
      })
        .then(function (res) { return res.json().then(function (b) { return { ok: res.ok, body: b }; }); })
        .then(function (r) { out.textContent = r.ok ? "Order " + r.body.order.id + " placed" : (r.body.error || "refused"); });
    });
  })();
  // Session tokens for the embedded app, minted by the simulator (this page's origin) on request.
  (function () {
    var frame = document.getElementById("app-iframe");
    var shop = ${JSON.stringify(shop)};
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (!data || data.type !== "shopify-sim:id-token-request" || event.source !== frame.contentWindow) return;
      fetch("/_sim/session-token?shop=" + encodeURIComponent(shop))
        .then(function (res) { return res.json(); })
        .then(function (body) {
          event.source.postMessage({ type: "shopify-sim:id-token", requestId: data.requestId, token: body.token }, event.origin);
        });
    });
  })();
</script>
</body>
</html>`;
}
