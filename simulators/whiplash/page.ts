// GET / : a small page for a person running the demo: receive or complete a ship notice, publish a
// line, ship an order, adjust stock — and watch the app react. Forms post to /sim/* and come back here.
import { escapeHtml } from "./http";
import { statusName, STATUS, totalStock, type SimState } from "./state";
import type { DeliveryRecord } from "./webhooks";

/** Whiplash's Sync Inventory choices and the codes the app reads them as (docs/decisions/0010). */
const SYNC_CODE_OPTIONS: Array<[string, string]> = [
  ["null", "Customer Default"],
  ["0", "Never"],
  ["1", "Always"],
  ["2", "Only when Process Orders"],
];

export function renderHome(state: SimState, deliveries: DeliveryRecord[], webhookTargets: string[]): string {
  const notices = [...state.shipNotices.values()].sort((a, b) => a.id - b.id);
  const items = [...state.items.values()].sort((a, b) => a.id - b.id);
  const sku = (id: number) => escapeHtml(state.items.get(id)?.sku ?? id);
  const noticeRows = notices
    .map((n) => {
      const open = n.status !== STATUS.COMPLETED;
      const lines = n.lines
        .map(
          (l) => `<li>${sku(l.item_id)}: ${l.quantity_good}/${l.quantity} received${l.quantity_damaged ? `, ${l.quantity_damaged} damaged` : ""}
          ${l.include_in_published ? "<b>published</b>" : ""}
          ${open ? `<form method="post" action="/sim/lines/${l.id}/publish" style="display:inline"><input type="hidden" name="publish" value="${!l.include_in_published}"><button>${l.include_in_published ? "Unpublish" : "Publish"}</button></form>` : ""}</li>`,
        )
        .join("");
      return `<tr><td>#${n.id}<br><small>${escapeHtml(n.reference)}</small></td><td>${escapeHtml(state.warehouses.get(n.warehouse_id)?.name ?? n.warehouse_id)}</td>
        <td>${statusName(n.status)}</td><td><ul>${lines}</ul></td>
        <td>${open ? `<form method="post" action="/sim/shipnotices/${n.id}/receive"><button>Receive all</button></form>
        <form method="post" action="/sim/shipnotices/${n.id}/complete"><button>Complete</button></form>` : ""}</td></tr>`;
    })
    .join("");
  const itemRows = items
    .slice(0, 400)
    .map((i) => {
      const stock = [...i.stock.entries()].map(([w, q]) => `${escapeHtml(state.warehouses.get(w)?.name ?? w)}: ${q}`).join("<br>") || "never received";
      return `<tr><td>${i.id}</td><td>${escapeHtml(i.sku)}</td><td>${stock}</td><td>${totalStock(i)}</td><td>${i.available ? "on" : "off"}
        <form method="post" action="/sim/items/${i.id}/process-orders" style="display:inline"><input type="hidden" name="on" value="${!i.available}"><button>Turn ${i.available ? "off" : "on"}</button></form></td>
        <td><form method="post" action="/sim/items/${i.id}/rules" style="display:inline"><select name="notify_originator_inventory">${SYNC_CODE_OPTIONS.map(([v, label]) => `<option value="${v}"${String(i.notify_originator_inventory ?? "null") === v ? " selected" : ""}>${label}</option>`).join("")}</select><button>Set Sync Inventory</button></form>
        <form method="post" action="/sim/items/${i.id}/rules" style="display:inline"><input type="hidden" name="include_inbound_in_published" value="${!i.include_inbound_in_published}"><button>${i.include_inbound_in_published ? "Stop" : "Start"} including inbound</button></form></td>
        <td><form method="post" action="/sim/items/${i.id}/ship" style="display:inline"><input name="quantity" value="1" size="3"><button>Ship order</button></form>
        <form method="post" action="/sim/items/${i.id}/adjust" style="display:inline"><input name="delta" value="10" size="3"><input type="hidden" name="warehouseId" value="${[...i.stock.keys()][0] ?? 1}"><button>Adjust</button></form></td></tr>`;
    })
    .join("");
  const customerRows = [...state.customers.values()]
    .map((c) => `<form method="post" action="/sim/customers/${c.id}/rules">${escapeHtml(c.name)} (#${c.id}) Sync Inventory default:
      <select name="notify_originator_inventory">${SYNC_CODE_OPTIONS.filter(([v]) => v !== "null").map(([v, label]) => `<option value="${v}"${String(c.notify_originator_inventory) === v ? " selected" : ""}>${label}</option>`).join("")}</select><button>Save</button></form>`)
    .join("");
  const recent = deliveries
    .slice(-15)
    .reverse()
    .map((d) => `<li>${escapeHtml(d.eventName)} → ${escapeHtml(d.status)}${d.duplicate ? " (duplicate)" : ""}</li>`)
    .join("");
  return `<!doctype html><html><head><title>Whiplash simulator</title>
  <style>body{font:14px system-ui;margin:1.5rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}ul{margin:0;padding-left:1rem}</style></head>
  <body><h1>Whiplash simulator</h1>
  <p>Webhooks go to: ${webhookTargets.map(escapeHtml).join(", ") || "<i>nowhere yet (no subscription)</i>"}</p>
  <h2>Customer Preferences</h2>${customerRows}
  <h2>Ship notices</h2><table><tr><th>Notice</th><th>Warehouse</th><th>Status</th><th>Lines</th><th></th></tr>${noticeRows}</table>
  <h2>Recent webhooks</h2><ul>${recent || "<li>none yet</li>"}</ul>
  <h2>Items</h2><table><tr><th>Id</th><th>SKU</th><th>Stock by warehouse</th><th>Available</th><th>Process Orders</th><th>Rules tab</th><th></th></tr>${itemRows}</table>
  </body></html>`;
}
