// A small stand-in for the Shopify admin's extension host, for loading an admin UI extension bundle
// built by Shopify CLI (extensions/*/dist/*.js) into Chromium.
//
// Why a stand-in: in the real admin the bundle runs in a sandbox (a web worker with a remote DOM) that
// Shopify's admin serves, and the `<s-*>` Polaris web components are implemented by the admin's own
// JavaScript from Shopify's CDN. Neither is published as a package we can run offline, so this host
// gives the bundle what it needs to render on a plain page:
// - a `shopify` global with `extend(target, render)` (the CLI's entry calls it), `data.selected`,
//   `extension.target` and `close()`;
// - minimal custom elements for the tags our extensions use, enough to show their content and to
//   operate them (buttons, selects); they do not imitate Polaris' look;
// - the app backend: the test routes the bundle's relative fetches to the real route modules, adding the
//   ID token the admin would add (see tests/browser/admin-extensions.test.ts).

export interface HostConfig {
  target: string;
  selected: { id: string }[];
}

/** What the page records for the test to read (window.__extensionHost). */
export interface HostRecord {
  extended: string[];
  closed: boolean;
  errors: string[];
}

/**
 * Runs in the page before any other script (page.addInitScript): it must be self-contained, as
 * Playwright sends its source text to the browser.
 */
export function installExtensionHost(config: HostConfig): void {
  const record: HostRecord = { extended: [], closed: false, errors: [] };
  const w = window as unknown as { __extensionHost: HostRecord; shopify: unknown };
  w.__extensionHost = record;
  window.addEventListener("error", (event) => record.errors.push(String(event.message)));
  window.addEventListener("unhandledrejection", (event) => record.errors.push(String(event.reason)));
  w.shopify = {
    extension: { target: config.target },
    data: { selected: config.selected },
    close: () => {
      record.closed = true;
    },
    // The CLI's bundle entry: shopify.extend("<target>", (...args) => Module.default(...args)).
    extend: (target: string, render: () => unknown) => {
      record.extended.push(target);
      if (target !== config.target) throw new Error(`the bundle registered ${target}, the host expected ${config.target}`);
      Promise.resolve(render()).catch((error: unknown) => record.errors.push(String(error)));
    },
  };

  const esc = (value: unknown) =>
    String(value ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);

  type StandIn = HTMLElement & { prop(name: string): unknown; values: Record<string, unknown>; paint(): void };

  /** A custom element whose listed properties (Preact sets them as properties) repaint its shadow root. */
  const define = (tag: string, props: string[], paint: (el: StandIn, root: ShadowRoot) => void, setup?: (el: StandIn) => void) => {
    class Element extends HTMLElement {
      // `declare` and an assignment, not a field initializer: the function's source is sent to the page
      // as text, so nothing may depend on helpers a compiler could add outside it.
      declare values: Record<string, unknown>;
      constructor() {
        super();
        this.values = {};
        this.attachShadow({ mode: "open" });
        setup?.(this as unknown as StandIn);
      }
      prop(name: string): unknown {
        return name in this.values ? this.values[name] : this.getAttribute(name);
      }
      connectedCallback() {
        this.paint();
      }
      paint() {
        paint(this as unknown as StandIn, this.shadowRoot!);
      }
    }
    for (const name of props) {
      Object.defineProperty(Element.prototype, name, {
        get(this: Element) {
          return this.prop(name);
        },
        set(this: Element, value: unknown) {
          this.values[name] = value;
          if (this.isConnected) this.paint();
        },
      });
    }
    customElements.define(tag, Element);
  };

  define("s-admin-block", ["heading", "collapsedSummary"], (el, root) => {
    const summary = el.prop("collapsedSummary");
    root.innerHTML =
      `<section aria-label="${esc(el.prop("heading"))}" style="border:1px solid #ccc;border-radius:8px;padding:12px;max-width:560px">` +
      `<h2 style="margin:0 0 8px">${esc(el.prop("heading"))}</h2>` +
      (summary ? `<p data-part="collapsed-summary" style="color:#666;margin:0 0 8px">When collapsed: ${esc(summary)}</p>` : "") +
      `<slot></slot></section>`;
  });
  define("s-admin-action", ["heading", "loading"], (el, root) => {
    root.innerHTML =
      `<section role="dialog" aria-label="${esc(el.prop("heading"))}" aria-busy="${el.prop("loading") ? "true" : "false"}" ` +
      `style="border:1px solid #ccc;border-radius:8px;padding:12px;max-width:560px">` +
      `<h2 style="margin:0 0 8px">${esc(el.prop("heading"))}</h2>` +
      (el.prop("loading") ? `<p role="progressbar" aria-label="Loading">Working…</p>` : "") +
      `<slot></slot><footer style="display:flex;gap:8px;justify-content:flex-end;margin-top:12px">` +
      `<slot name="secondary-actions"></slot><slot name="primary-action"></slot></footer></section>`;
  });
  define("s-banner", ["heading", "tone"], (el, root) => {
    const heading = el.prop("heading");
    root.innerHTML =
      `<div role="status" data-tone="${esc(el.prop("tone"))}" style="border-left:4px solid #888;padding:4px 8px;margin:4px 0">` +
      (heading ? `<strong>${esc(heading)}</strong>` : "") +
      `<div><slot></slot></div></div>`;
  });
  define("s-badge", ["tone"], (el, root) => {
    root.innerHTML = `<span data-tone="${esc(el.prop("tone"))}" style="border:1px solid #888;border-radius:8px;padding:0 6px"><slot></slot></span>`;
  });
  define("s-spinner", ["accessibilityLabel"], (el, root) => {
    root.innerHTML = `<span role="progressbar" aria-label="${esc(el.prop("accessibilityLabel") ?? "Loading")}">…</span>`;
  });
  define(
    "s-button",
    ["variant", "disabled"],
    (el, root) => {
      root.innerHTML = `<button ${el.prop("disabled") ? "disabled" : ""}><slot></slot></button>`;
    },
    // A disabled button must not run its handler: stop the click before Preact's listener sees it.
    (el) =>
      el.addEventListener("click", (event) => {
        if (el.prop("disabled")) event.stopImmediatePropagation();
      }),
  );
  define("s-option", ["value"], () => undefined);
  define(
    "s-select",
    ["label", "value", "disabled"],
    (el, root) => {
      const value = String(el.prop("value") ?? "");
      const options = [...el.querySelectorAll("s-option")]
        .map((o) => {
          const v = String((o as unknown as StandIn).prop("value") ?? "");
          return `<option value="${esc(v)}" ${v === value ? "selected" : ""}>${esc(o.textContent)}</option>`;
        })
        .join("");
      root.innerHTML = `<label style="display:flex;flex-direction:column;gap:2px">${esc(el.prop("label"))}<select ${el.prop("disabled") ? "disabled" : ""}>${options}</select></label>`;
      root.querySelector("select")!.addEventListener("change", (event) => {
        el.values.value = (event.target as HTMLSelectElement).value;
        el.dispatchEvent(new Event("change", { bubbles: true }));
      });
    },
    // Options arrive as children after the element is created: repaint when they change.
    (el) => new MutationObserver(() => el.paint()).observe(el, { childList: true, subtree: true, characterData: true }),
  );
}

const HOST_CSS =
  "body{font:14px system-ui,sans-serif;margin:16px} s-stack{display:flex;flex-direction:column;gap:8px} " +
  "s-stack[direction=inline]{flex-direction:row;justify-content:space-between;align-items:center} " +
  "s-text{display:block} s-divider{display:block;border-top:1px solid #ddd}";

/** The page that loads the bundle (the host script is installed before it with page.addInitScript). */
export function hostHtml(bundleUrl: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Admin extension host (stand-in)</title><style>${HOST_CSS}</style></head><body><script src="${bundleUrl}"></script></body></html>`;
}
