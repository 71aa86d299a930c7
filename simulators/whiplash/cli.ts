// Drive a running Whiplash simulator from a terminal (demo):
//   tsx simulators/whiplash/cli.ts receive <shipNoticeId>
//   tsx simulators/whiplash/cli.ts complete <shipNoticeId>
//   tsx simulators/whiplash/cli.ts ship <itemId> [quantity] [warehouseId]
//   tsx simulators/whiplash/cli.ts adjust <itemId> <warehouseId> <delta>
//   tsx simulators/whiplash/cli.ts publish <lineId> [true|false]
//   tsx simulators/whiplash/cli.ts process-orders <itemId> on|off   (a person switches it in Whiplash)
//   tsx simulators/whiplash/cli.ts sync-inventory <itemId> <code|null>  (the item's Rules tab in Whiplash)
//   tsx simulators/whiplash/cli.ts inbound <itemId> on|off   (include_inbound_in_published)
//   tsx simulators/whiplash/cli.ts customer-sync-inventory <customerId> <code>   (Customer Preferences)
//   Codes (docs/decisions/0010): null Customer Default, 0 Never, 1 Always, 2 Only when Process Orders.
//   tsx simulators/whiplash/cli.ts list
// WHIPLASH_SIM_URL (default http://127.0.0.1:$WHIPLASH_SIM_PORT) names the simulator.
import { LOCAL_DEFAULTS } from "../shared/local-defaults";

const base = process.env.WHIPLASH_SIM_URL ?? `http://127.0.0.1:${process.env.WHIPLASH_SIM_PORT ?? LOCAL_DEFAULTS.WHIPLASH_SIM_PORT}`;
const [command, a, b, c] = process.argv.slice(2);

async function post(path: string, body: Record<string, unknown> = {}) {
  const res = await fetch(base + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${text}`);
  // Wait until the webhooks it caused have been delivered, so the next step sees them applied.
  await fetch(base + "/sim/flush", { method: "POST" });
  return text;
}

const usage = "usage: cli.ts receive <shipNoticeId> | complete <id> | ship <itemId> [qty] [warehouseId] | adjust <itemId> <warehouseId> <delta> | publish <lineId> [true|false] | process-orders <itemId> on|off | sync-inventory <itemId> <code|null> | inbound <itemId> on|off | customer-sync-inventory <customerId> <code> | list";
const code = (v: string | undefined) => (v === "null" ? null : /^-?\d+$/.test(v ?? "") ? Number(v) : (() => { throw new Error(usage); })());
try {
  switch (command) {
    case "receive":
      console.log(await post(`/sim/shipnotices/${Number(a)}/receive`));
      break;
    case "complete":
      console.log(await post(`/sim/shipnotices/${Number(a)}/complete`));
      break;
    case "ship":
      console.log(await post(`/sim/items/${Number(a)}/ship`, { quantity: Number(b ?? 1), ...(c ? { warehouseId: Number(c) } : {}) }));
      break;
    case "adjust":
      console.log(await post(`/sim/items/${Number(a)}/adjust`, { warehouseId: Number(b), delta: Number(c) }));
      break;
    case "publish":
      console.log(await post(`/sim/lines/${Number(a)}/publish`, { publish: b !== "false" }));
      break;
    case "process-orders":
      if (b !== "on" && b !== "off") throw new Error(usage);
      console.log(await post(`/sim/items/${Number(a)}/process-orders`, { on: b === "on" }));
      break;
    case "sync-inventory":
      console.log(await post(`/sim/items/${Number(a)}/rules`, { notify_originator_inventory: code(b) }));
      break;
    case "inbound":
      if (b !== "on" && b !== "off") throw new Error(usage);
      console.log(await post(`/sim/items/${Number(a)}/rules`, { include_inbound_in_published: b === "on" }));
      break;
    case "customer-sync-inventory":
      console.log(await post(`/sim/customers/${Number(a)}/rules`, { notify_originator_inventory: code(b) }));
      break;
    case "list": {
      const state = (await (await fetch(base + "/sim/state")).json()) as { shipNotices: Array<{ id: number; status: number; reference: string; lines: unknown[] }> };
      for (const n of state.shipNotices) console.log(`#${n.id} ${n.reference} status ${n.status}, ${n.lines.length} lines`);
      break;
    }
    default:
      console.error(usage);
      process.exit(2);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
