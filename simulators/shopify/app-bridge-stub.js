/* global URLSearchParams, atob, setTimeout, Request, Headers, FormData, MutationObserver, HTMLElement, Event */
/* Stand-in for Shopify App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js), served by the
 * Shopify simulator at /app-bridge.js. It gives the embedded app what the real script gives it:
 *  - window.shopify with config, idToken(), toast, loading(), resourcePicker(), saveBar, modal, environment;
 *  - the <ui-modal> element (with its <ui-title-bar>) that app-bridge-react's <Modal> renders;
 *  - a patched window.fetch that sends `Authorization: Bearer <id token>` on same-origin requests (this
 *    is how Remix loaders/actions get authenticated) and retries once with a fresh token when the
 *    server answers 401 with X-Shopify-Retry-Invalid-Session-Request: 1;
 *  - on the session-token bounce page (/auth/session-token?shopify-reload=...), a redirect to the
 *    shopify-reload URL with a fresh id_token appended.
 * Session tokens come from the admin page around the iframe (postMessage) or, outside the admin, from
 * the simulator's CORS endpoint /_sim/session-token. Tests read toasts from window.__toasts. */
(function () {
  "use strict";
  if (window.shopify && window.shopify.__simulated) return;

  var script = document.currentScript;
  var simOrigin = script && script.src ? new URL(script.src).origin : "";
  var params = new URLSearchParams(window.location.search);
  var reloadParam = params.get("shopify-reload");
  var reloadParams = null;
  try {
    reloadParams = reloadParam ? new URL(reloadParam, window.location.href).searchParams : null;
  } catch {
    reloadParams = null;
  }
  function param(name) {
    return params.get(name) || (reloadParams && reloadParams.get(name)) || null;
  }
  function apiKeyFromPage() {
    var meta = document.querySelector('meta[name="shopify-api-key"]');
    return (script && script.getAttribute("data-api-key")) || (meta && meta.getAttribute("content")) || "";
  }
  function shopFromHost(host) {
    try {
      var decoded = atob(host.replace(/-/g, "+").replace(/_/g, "/"));
      var match = /\/store\/([^/?#]+)/.exec(decoded);
      if (match) return match[1] + ".myshopify.com";
      var shop = /^([a-z0-9][a-z0-9-]*\.myshopify\.com)/i.exec(decoded);
      return shop ? shop[1] : null;
    } catch {
      return null;
    }
  }

  // Like App Bridge, remember shop/host for in-app navigations that drop the query string.
  var stored = {};
  try {
    stored = JSON.parse(window.sessionStorage.getItem("shopify-sim-config") || "{}");
  } catch {
    stored = {};
  }
  var host = param("host") || stored.host || null;
  var shop = param("shop") || (host && shopFromHost(host)) || stored.shop || null;
  try {
    window.sessionStorage.setItem("shopify-sim-config", JSON.stringify({ shop: shop, host: host }));
  } catch {
    /* storage may be unavailable */
  }

  var nativeFetch = window.fetch.bind(window);
  var pending = {};
  var nextRequest = 1;
  var inFrame = window.parent && window.parent !== window;

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "shopify-sim:id-token" || !pending[data.requestId]) return;
    pending[data.requestId](data.token || null);
    delete pending[data.requestId];
  });

  function tokenFromParent() {
    return new Promise(function (resolve) {
      if (!inFrame) return resolve(null);
      var id = nextRequest++;
      pending[id] = resolve;
      window.parent.postMessage({ type: "shopify-sim:id-token-request", requestId: id, shop: shop }, "*");
      setTimeout(function () {
        if (pending[id]) {
          delete pending[id];
          resolve(null);
        }
      }, 1500);
    });
  }

  function tokenFromSimulator() {
    if (!simOrigin || !shop) return Promise.reject(new Error("App Bridge stub: no shop to request a session token for"));
    return nativeFetch(simOrigin + "/_sim/session-token?shop=" + encodeURIComponent(shop), { mode: "cors" })
      .then(function (res) {
        if (!res.ok) throw new Error("session token request failed: " + res.status);
        return res.json();
      })
      .then(function (body) {
        return body.token;
      });
  }

  function idToken() {
    return tokenFromParent().then(function (token) {
      return token || tokenFromSimulator();
    });
  }

  function sameOrigin(url) {
    try {
      return new URL(url, window.location.href).origin === window.location.origin;
    } catch {
      return false;
    }
  }

  function withToken(input, init, token) {
    var request = new Request(input, init);
    var headers = new Headers(request.headers);
    headers.set("Authorization", "Bearer " + token);
    return new Request(request, { headers: headers });
  }

  window.fetch = function (input, init) {
    var url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
    var existing = init && init.headers ? new Headers(init.headers).get("Authorization") : input instanceof Request ? input.headers.get("Authorization") : null;
    if (!sameOrigin(url) || existing) return nativeFetch(input, init);
    var retryable = input instanceof Request ? input.clone() : null;
    return idToken().then(function (token) {
      return nativeFetch(withToken(input, init, token)).then(function (res) {
        if (res.status !== 401 || res.headers.get("X-Shopify-Retry-Invalid-Session-Request") !== "1") return res;
        return idToken().then(function (fresh) {
          return nativeFetch(withToken(retryable || input, init, fresh));
        });
      });
    });
  };

  // Toasts: visible in the page and recorded for tests.
  window.__toasts = window.__toasts || [];
  var toastHost = null;
  function showToast(message, opts) {
    opts = opts || {};
    var id = "toast-" + (window.__toasts.length + 1);
    window.__toasts.push({ id: id, message: String(message), isError: Boolean(opts.isError), at: Date.now() });
    function render() {
      if (!toastHost) {
        toastHost = document.createElement("div");
        toastHost.setAttribute("data-shopify-sim", "toasts");
        toastHost.style.cssText = "position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:2147483647;display:flex;flex-direction:column;gap:8px;align-items:center";
        document.body.appendChild(toastHost);
      }
      var el = document.createElement("div");
      el.id = id;
      el.className = "shopify-sim-toast";
      el.setAttribute("role", "status");
      el.textContent = String(message);
      el.style.cssText =
        "font:14px/20px system-ui,sans-serif;padding:10px 16px;border-radius:8px;color:#fff;box-shadow:0 4px 12px rgba(0,0,0,.25);background:" +
        (opts.isError ? "#8e1f0b" : "#1a1a1a");
      toastHost.appendChild(el);
      setTimeout(function () {
        if (el.parentNode) el.parentNode.removeChild(el);
      }, opts.duration || 5000);
    }
    if (document.body) render();
    else document.addEventListener("DOMContentLoaded", render);
    return id;
  }

  window.__loading = false;
  window.__loadingHistory = window.__loadingHistory || [];
  var loadingBar = null;
  function renderLoading() {
    if (!document.body) return;
    if (!loadingBar || !loadingBar.isConnected) {
      loadingBar = document.createElement("div");
      loadingBar.setAttribute("data-shopify-sim", "loading");
      loadingBar.setAttribute("role", "progressbar");
      loadingBar.setAttribute("aria-label", "Loading");
      loadingBar.style.cssText = "position:fixed;left:0;top:0;height:3px;width:100%;background:#005bd3;z-index:2147483647";
      document.body.appendChild(loadingBar);
    }
    loadingBar.style.display = window.__loading ? "block" : "none";
  }

  // The contextual save bar for forms marked data-save-bar (App Bridge's automatic mode): the admin shows
  // "Unsaved changes" with Save (submits the form) and Discard (resets it) while a form's values differ
  // from what it held when it appeared or was last submitted, and asks before leaving the page then.
  // The real bar sits in the admin's chrome; the stand-in draws it along the bottom of the app's page.
  var baselines = new WeakMap();
  function formValues(form) {
    var pairs = [];
    new FormData(form).forEach(function (value, key) {
      pairs.push(key + "=" + (typeof value === "string" ? value : "[file]"));
    });
    return pairs.join("&");
  }
  function trackedForms() {
    return Array.prototype.slice.call(document.querySelectorAll("form[data-save-bar]"));
  }
  // Only the merchant's edits count: while a form is not edited, fields the app adds or fills (a page
  // reloading its data) move its saved values along.
  var edited = new WeakSet();
  function snapshotNewForms() {
    trackedForms().forEach(function (form) {
      if (!baselines.has(form) || !edited.has(form)) baselines.set(form, formValues(form));
    });
  }
  ["input", "change"].forEach(function (name) {
    document.addEventListener(
      name,
      function (event) {
        var form = event.target && event.target.closest ? event.target.closest("form[data-save-bar]") : null;
        if (form) edited.add(form);
      },
      true,
    );
  });
  function dirtyForm() {
    var forms = trackedForms();
    for (var i = 0; i < forms.length; i++) {
      if (edited.has(forms[i]) && baselines.has(forms[i]) && baselines.get(forms[i]) !== formValues(forms[i])) return forms[i];
    }
    return null;
  }
  var saveBarEl = null;
  function renderSaveBar() {
    if (!document.body) return;
    var form = dirtyForm();
    // (Re)attached when missing: React may replace the page's body content (e.g. hydration recovery).
    if (!saveBarEl || !saveBarEl.isConnected) {
      saveBarEl = document.createElement("div");
      saveBarEl.setAttribute("data-shopify-sim", "save-bar");
      saveBarEl.setAttribute("role", "region");
      saveBarEl.setAttribute("aria-label", "Unsaved changes");
      saveBarEl.style.cssText =
        "position:fixed;left:0;right:0;bottom:0;z-index:2147483646;display:flex;align-items:center;justify-content:space-between;gap:8px;padding:8px 16px;background:#1a1a1a;color:#fff;font:14px/20px system-ui,sans-serif";
      // Only its buttons take clicks: the page under the bar stays usable (the real bar is outside the app).
      saveBarEl.style.pointerEvents = "none";
      saveBarEl.innerHTML =
        '<span>Unsaved changes</span><span style="pointer-events:auto"><button type="button" data-action="discard">Discard</button> <button type="button" data-action="save">Save</button></span>';
      saveBarEl.addEventListener("click", function (event) {
        var action = event.target && event.target.getAttribute && event.target.getAttribute("data-action");
        var dirty = dirtyForm();
        if (!action || !dirty) return;
        if (action === "save") {
          if (dirty.requestSubmit) dirty.requestSubmit();
          else dirty.submit();
        } else {
          // The app puts its saved values back on the reset event (React keeps inputs controlled).
          dirty.reset();
        }
        setTimeout(renderSaveBar, 0);
      });
      document.body.appendChild(saveBarEl);
    }
    saveBarEl.style.display = form ? "flex" : "none";
  }
  function later() {
    setTimeout(function () {
      snapshotNewForms();
      renderSaveBar();
    }, 0);
  }
  ["input", "change", "click", "keyup"].forEach(function (name) {
    document.addEventListener(name, later, true);
  });
  // A field is focused before it is edited: a form not seen yet is recorded then, with its saved values.
  ["focusin", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, snapshotNewForms, true);
  });
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (form && form.matches && form.matches("form[data-save-bar]")) {
        baselines.set(form, formValues(form));
        edited.delete(form);
      }
      later();
    },
    true,
  );
  document.addEventListener(
    "reset",
    function (event) {
      var form = event.target;
      if (form && form.matches && form.matches("form[data-save-bar]")) {
        setTimeout(function () {
          edited.delete(form);
          baselines.set(form, formValues(form));
          renderSaveBar();
        }, 0);
      }
    },
    true,
  );
  // Watches the document node itself: React may replace <body> or <html> (hydration recovery), so an
  // observer of the first one would go deaf and a form would first be seen after its edit.
  function watchForms() {
    snapshotNewForms();
    new MutationObserver(function () {
      snapshotNewForms();
      renderSaveBar();
    }).observe(document, { childList: true, subtree: true });
  }
  if (document.body) watchForms();
  else document.addEventListener("DOMContentLoaded", watchForms);

  // Leaving with unsaved changes asks first (links in the page and the nav menu).
  var leaveDialog = null;
  function askToLeave(onLeave) {
    if (leaveDialog) leaveDialog.remove();
    leaveDialog = document.createElement("div");
    leaveDialog.setAttribute("data-shopify-sim", "leave-confirmation");
    leaveDialog.setAttribute("role", "dialog");
    leaveDialog.setAttribute("aria-label", "Leave page with unsaved changes?");
    leaveDialog.style.cssText =
      "position:fixed;left:50%;top:30%;transform:translateX(-50%);z-index:2147483647;background:#fff;padding:16px;border-radius:12px;box-shadow:0 8px 24px rgba(0,0,0,.3);font:14px/20px system-ui,sans-serif";
    leaveDialog.innerHTML =
      '<p><strong>Leave page with unsaved changes?</strong></p><p>Leaving this page will delete all unsaved changes.</p><button type="button" data-action="stay">Stay</button> <button type="button" data-action="leave">Leave page</button>';
    leaveDialog.addEventListener("click", function (event) {
      var action = event.target && event.target.getAttribute && event.target.getAttribute("data-action");
      if (!action) return;
      leaveDialog.remove();
      leaveDialog = null;
      if (action === "leave") {
        trackedForms().forEach(function (form) {
          edited.delete(form);
          baselines.set(form, formValues(form));
        });
        renderSaveBar();
        onLeave();
      }
    });
    document.body.appendChild(leaveDialog);
  }
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || !dirtyForm()) return;
      var href = link.getAttribute("href") || "";
      if (href.charAt(0) === "#" || link.target === "_blank") return;
      event.preventDefault();
      event.stopImmediatePropagation();
      askToLeave(function () {
        link.click();
      });
    },
    true,
  );

  // <ui-modal> (App Bridge's modal for content without `src`). What app-bridge-react's <Modal> relies on:
  // the element's `content` (React portals the modal body into it), show()/hide()/toggle(), `show` and
  // `hide` events, and a <ui-title-bar> child whose title and <button>s (variant="primary" for the main
  // action) the admin draws as the modal's header and footer; clicking one clicks the app's own button.
  // Like the real modal, the body is a separate document (an iframe the app's styles are copied into), so
  // code that assumes the page's `document` or globals fails here as it would in the admin. The real modal
  // covers the whole admin; the stand-in opens a modal <dialog> (top layer, rest of the app inert) in the
  // app's page. Light-DOM children are never shown (no <slot>), as in the admin. `src` modals are not
  // simulated.
  var MODAL_CSS =
    ":host{display:contents}" +
    "dialog{padding:0;border:0;border-radius:12px;width:min(620px,calc(100vw - 32px));box-shadow:0 8px 32px rgba(0,0,0,.35);font:14px/20px system-ui,sans-serif;color:#303030}" +
    "dialog[data-variant=small]{width:min(380px,calc(100vw - 32px))}dialog[data-variant=large]{width:min(980px,calc(100vw - 32px))}" +
    "dialog[data-variant=max]{width:calc(100vw - 16px);height:calc(100vh - 16px)}" +
    "dialog::backdrop{background:rgba(0,0,0,.5)}" +
    "header{display:flex;align-items:center;justify-content:space-between;padding:12px 16px;background:#f3f3f3;border-bottom:1px solid #e3e3e3}" +
    "h2{margin:0;font-size:14px;font-weight:650}" +
    "iframe{display:block;border:0;width:100%;min-height:60px;max-height:calc(100vh - 180px)}" +
    "footer{display:flex;justify-content:flex-end;gap:8px;padding:12px 16px;border-top:1px solid #e3e3e3}footer:empty{display:none}" +
    "button{font:inherit;padding:6px 12px;border-radius:8px;border:1px solid #c9c9c9;background:#fff;cursor:pointer}" +
    "button[data-variant=primary]{background:#303030;color:#fff;border-color:#303030}" +
    "button[data-tone=critical]{color:#8e1f0b}button[data-variant=primary][data-tone=critical]{background:#c70a24;border-color:#c70a24;color:#fff}" +
    "button:disabled{opacity:.5;cursor:default}button.close{border:0;background:none;font-size:18px;padding:0 4px}";

  function copyStyles(doc) {
    var head = doc.head || doc.documentElement.appendChild(doc.createElement("head"));
    Array.prototype.forEach.call(head.querySelectorAll("[data-shopify-sim-copied]"), function (el) {
      el.remove();
    });
    document.querySelectorAll('link[rel="stylesheet"], style').forEach(function (el) {
      if (el === navStyle) return;
      var copy = doc.importNode(el, true);
      copy.setAttribute("data-shopify-sim-copied", "");
      head.appendChild(copy);
    });
  }

  var UIModal = (function () {
    function build(host) {
      var root = host.attachShadow({ mode: "open" });
      root.innerHTML =
        "<style>" + MODAL_CSS + '</style><dialog data-shopify-sim="modal"><header><h2></h2>' +
        '<button type="button" class="close" aria-label="Close">\u00d7</button></header>' +
        '<iframe data-shopify-sim="modal-content" title="Modal content"></iframe><footer></footer></dialog>';
      return root;
    }
    class Modal extends HTMLElement {
      constructor() {
        super();
        var self = this; // eslint-disable-line @typescript-eslint/no-this-alias -- ES5-style listeners in this script
        this._open = false;
        this._root = build(this);
        this._dialog = this._root.querySelector("dialog");
        this._frame = this._root.querySelector("iframe");
        // Created in the page's document until the frame exists, then moved into the frame's document.
        this._content = document.createElement("div");
        this._root.querySelector("button.close").addEventListener("click", function () {
          self.hide();
        });
        // Escape closes the admin's modal too: through hide(), so the app hears `hide`.
        this._dialog.addEventListener("cancel", function (event) {
          event.preventDefault();
          self.hide();
        });
        this._observer = new MutationObserver(function () {
          self._renderChrome();
        });
      }
      connectedCallback() {
        this._observer.observe(this, { childList: true, subtree: true, attributes: true, characterData: true });
        this._adoptContent();
        this._renderChrome();
      }
      disconnectedCallback() {
        this._observer.disconnect();
        if (this._open) this.hide();
      }
      // The frame's document is where the body lives; a frame reconnected gets a new one, so move it along.
      _adoptContent() {
        var doc = this._frame.contentDocument;
        if (!doc || !doc.body) return;
        if (this._content.ownerDocument !== doc || !this._content.isConnected) {
          // A standards-mode document, as the app's own page is (an empty frame starts in quirks mode).
          if (doc.compatMode === "BackCompat") {
            doc.open();
            doc.write("<!doctype html><html><head></head><body></body></html>");
            doc.close();
          }
          doc.body.style.margin = "0";
          doc.body.appendChild(doc.adoptNode(this._content));
          copyStyles(doc);
          // Sized to the body the app renders (observed itself: the app's CSS may pin html/body to 100 %).
          var frame = this._frame;
          var content = this._content;
          content.style.display = "flow-root";
          var Observer = doc.defaultView && doc.defaultView.ResizeObserver;
          if (Observer) {
            new Observer(function () {
              frame.style.height = Math.ceil(content.getBoundingClientRect().height) + "px";
            }).observe(content);
          }
        }
      }
      get content() {
        this._adoptContent();
        return this._content;
      }
      get variant() {
        return this.getAttribute("variant") || "base";
      }
      set variant(value) {
        this.setAttribute("variant", value);
      }
      get src() {
        return this.getAttribute("src") || undefined;
      }
      get contentWindow() {
        return null;
      }
      _titleBar() {
        for (var i = 0; i < this.children.length; i++) {
          if (this.children[i].localName === "ui-title-bar") return this.children[i];
        }
        return null;
      }
      _renderChrome() {
        var bar = this._titleBar();
        var title = (bar && bar.getAttribute("title")) || "";
        this._root.querySelector("h2").textContent = title;
        this._dialog.setAttribute("aria-label", title);
        this._dialog.setAttribute("data-variant", this.variant);
        var footer = this._root.querySelector("footer");
        footer.textContent = "";
        if (!bar) return;
        var buttons = Array.prototype.filter.call(bar.children, function (el) {
          return el.localName === "button";
        });
        // The admin puts the primary action last (right), secondary actions before it.
        var primary = buttons.filter(function (b) {
          return b.getAttribute("variant") === "primary";
        });
        buttons
          .filter(function (b) {
            return b.getAttribute("variant") !== "primary";
          })
          .concat(primary.slice(0, 1))
          .forEach(function (original) {
            var proxy = document.createElement("button");
            proxy.type = "button";
            proxy.textContent = original.textContent;
            if (original.getAttribute("variant")) proxy.setAttribute("data-variant", original.getAttribute("variant"));
            if (original.getAttribute("tone")) proxy.setAttribute("data-tone", original.getAttribute("tone"));
            var busy = original.hasAttribute("loading") && original.getAttribute("loading") !== "false";
            proxy.disabled = original.disabled || busy;
            if (busy) proxy.setAttribute("aria-busy", "true");
            proxy.addEventListener("click", function () {
              original.click();
            });
            footer.appendChild(proxy);
          });
      }
      show() {
        if (!this._open) {
          this._adoptContent();
          if (this._frame.contentDocument) copyStyles(this._frame.contentDocument);
          this._renderChrome();
          if (this.isConnected) this._dialog.showModal();
          this._open = true;
          this.dispatchEvent(new Event("show"));
        }
        return Promise.resolve();
      }
      hide() {
        if (this._open) {
          if (this._dialog.open) this._dialog.close();
          this._open = false;
          this.dispatchEvent(new Event("hide"));
        }
        return Promise.resolve();
      }
      toggle() {
        return this._open ? this.hide() : this.show();
      }
    }
    return Modal;
  })();
  if (!window.customElements.get("ui-modal")) window.customElements.define("ui-modal", UIModal);
  function modalById(id) {
    var el = document.getElementById(id);
    if (!el || el.localName !== "ui-modal") return Promise.reject(new Error("No ui-modal with id " + id));
    return Promise.resolve(el);
  }

  window.shopify = {
    __simulated: true,
    config: { apiKey: apiKeyFromPage(), shop: shop, host: host, locale: param("locale") || "en", disabledFeatures: [] },
    environment: { embedded: inFrame, mobile: false, pos: false },
    origin: simOrigin,
    idToken: idToken,
    toast: {
      show: showToast,
      hide: function (id) {
        var el = document.getElementById(id);
        if (el && el.parentNode) el.parentNode.removeChild(el);
      },
    },
    // The admin's loading bar: shown at the top of the page while on; every change recorded for tests.
    loading: function (isLoading) {
      window.__loading = isLoading === undefined ? true : Boolean(isLoading);
      window.__loadingHistory.push(window.__loading);
      renderLoading();
    },
    // Resolves with whatever a test put in window.__resourcePickerSelection (undefined = cancelled).
    resourcePicker: function () {
      return Promise.resolve(window.__resourcePickerSelection);
    },
    saveBar: {
      show: function () {
        return Promise.resolve();
      },
      hide: function () {
        return Promise.resolve();
      },
      toggle: function () {
        return Promise.resolve();
      },
      // Resolves when leaving is fine: at once without unsaved changes, else once the merchant chooses
      // "Leave page" (it never resolves when they stay).
      leaveConfirmation: function () {
        return dirtyForm() ? new Promise(function (resolve) { askToLeave(resolve); }) : Promise.resolve();
      },
    },
    // Shows, hides or toggles the <ui-modal> with that id (rejects when there is none).
    modal: {
      show: function (id) {
        return modalById(id).then(function (el) {
          return el.show();
        });
      },
      hide: function (id) {
        return modalById(id).then(function (el) {
          return el.hide();
        });
      },
      toggle: function (id) {
        return modalById(id).then(function (el) {
          return el.toggle();
        });
      },
    },
    user: function () {
      return Promise.resolve({ accountAccess: "Account owner" });
    },
  };

  // Shopify admin draws <ui-nav-menu> in its own sidebar; the stand-in shows it as a plain bar of links.
  var navStyle = document.createElement("style");
  navStyle.textContent =
    "ui-nav-menu{display:flex;gap:16px;padding:8px 16px;background:#fff;border-bottom:1px solid #e3e3e3;font:14px/20px system-ui,sans-serif}" +
    "ui-nav-menu a{color:#005bd3;text-decoration:none}ui-nav-menu a:hover{text-decoration:underline}";
  (document.head || document.documentElement).appendChild(navStyle);

  // The session-token bounce page: fetch a token and go back where the app wanted to be.
  if (reloadParam && /\/auth\/session-token\/?$/.test(window.location.pathname)) {
    var target;
    try {
      target = new URL(reloadParam, window.location.href);
    } catch {
      target = null;
    }
    if (target && target.origin === window.location.origin) {
      idToken().then(function (token) {
        target.searchParams.set("id_token", token);
        window.location.replace(target.toString());
      });
    }
  }
})();
