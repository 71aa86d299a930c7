/* global URLSearchParams, atob, setTimeout, Request, Headers */
/* Stand-in for Shopify App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js), served by the
 * Shopify simulator at /app-bridge.js. It gives the embedded app what the real script gives it:
 *  - window.shopify with config, idToken(), toast, loading(), resourcePicker(), saveBar, environment;
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
    loading: function (isLoading) {
      window.__loading = isLoading === undefined ? true : Boolean(isLoading);
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
      leaveConfirmation: function () {
        return Promise.resolve();
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
