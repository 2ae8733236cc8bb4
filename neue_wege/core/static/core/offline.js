/* Writing that cannot be lost, offline use (issue 14, docs/offline.md).
 *
 * window.NW offers the pages' scripts (portal/story-writing.js, programmes/attendance-offline.js):
 * - per-user storage on this device (localStorage, keys "nw:<user tag>:…"), cleared at log-out;
 * - a queue of posts made without a connection, sent again when it returns, each with its
 *   idempotency key (header X-NW-Sync: 1; the server answers JSON);
 * - the log-in dialog for a session that ended while the page was open: the page, and the
 *   text in it, stay; after logging in the queue goes on;
 * - the service worker's registration (core/sw.js) and telling it who is logged in.
 * A file, not an inline script: the Content Security Policy allows scripts from our origin only.
 */
(function () {
  "use strict";
  var body = document.body;
  var user = body.getAttribute("data-nw-user") || "";
  var PREFIX = "nw:";
  var NW = window.NW = window.NW || {};
  var flushing = false;
  var loginWaiters = [];

  NW.user = user;

  NW.csrfToken = function () {
    try {
      return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  };

  NW.setCsrfToken = function (token) {
    body.setAttribute("hx-headers", JSON.stringify({"X-CSRFToken": token}));
    var inputs = document.querySelectorAll("input[name=csrfmiddlewaretoken]");
    for (var i = 0; i < inputs.length; i++) { inputs[i].value = token; }
  };

  NW.uuid = function () {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  };

  /* --- storage per user ------------------------------------------------------------------ */
  function storageKey(name) { return PREFIX + user + ":" + name; }

  NW.load = function (name, fallback) {
    if (!user) { return fallback; }
    try {
      var value = window.localStorage.getItem(storageKey(name));
      return value ? JSON.parse(value) : fallback;
    } catch (error) {
      return fallback;
    }
  };

  NW.store = function (name, value) {
    if (!user) { return; }
    try { window.localStorage.setItem(storageKey(name), JSON.stringify(value)); } catch (error) { /* full */ }
  };

  NW.forget = function (name) {
    try { window.localStorage.removeItem(storageKey(name)); } catch (error) { /* none */ }
  };

  NW.clearAll = function () {
    try {
      var keys = [];
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        // htmx keeps snapshots of pages (with typed text) for its history: gone too.
        if (key && (key.indexOf(PREFIX) === 0 || key === "htmx-history-cache")) { keys.push(key); }
      }
      keys.forEach(function (key) { window.localStorage.removeItem(key); });
    } catch (error) { /* none */ }
    if (window.caches) {
      window.caches.keys().then(function (names) {
        names.forEach(function (name) {
          if (name.indexOf("nw-pages") === 0 || name.indexOf("nw-meta") === 0) { window.caches.delete(name); }
        });
      });
    }
    tellWorker("");
  };

  /* --- status line ------------------------------------------------------------------------- */
  var statusLine = document.getElementById("nw-outbox-status");
  NW.announce = function (text) {
    if (!statusLine) { return; }
    statusLine.textContent = text;
    statusLine.hidden = !text;
  };

  function t(name) {
    return (statusLine && statusLine.getAttribute("data-" + name)) || "";
  }

  /* --- the queue --------------------------------------------------------------------------- */
  NW.outbox = function () { return NW.load("outbox", []); };

  NW.enqueue = function (item) {
    var items = NW.outbox().filter(function (other) { return other.id !== item.id; });
    item.queuedAt = item.queuedAt || new Date().toISOString();
    items.push(item);
    NW.store("outbox", items);
    showQueue();
  };

  function dequeue(id) {
    NW.store("outbox", NW.outbox().filter(function (item) { return item.id !== id; }));
    showQueue();
  }

  function showQueue() {
    var items = NW.outbox();
    var waiting = items.filter(function (item) { return !item.conflict; }).length;
    var conflicts = items.length - waiting;
    NW.announce(waiting ? t("waiting").replace("{n}", waiting) : (conflicts ? t("conflict") : ""));
  }

  function emit(name, detail) {
    document.dispatchEvent(new CustomEvent(name, {detail: detail}));
  }

  /* Post form fields with the sync header; resolves to {kind, status, data}. kind: "ok",
   * "conflict", "invalid", "login" (session ended), "offline" (no connection). */
  NW.send = function (url, fields) {
    var params = new URLSearchParams();
    Object.keys(fields).forEach(function (name) {
      var value = fields[name];
      if (Array.isArray(value)) {
        value.forEach(function (v) { params.append(name, v); });
      } else if (value !== undefined && value !== null) {
        params.append(name, value);
      }
    });
    params.set("csrfmiddlewaretoken", NW.csrfToken());
    return window.fetch(url, {
      method: "POST", body: params, credentials: "same-origin", redirect: "manual",
      headers: {"X-NW-Sync": "1", "X-CSRFToken": NW.csrfToken(), "Accept": "application/json"}
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401 ||
          response.status === 403) {
        return {kind: "login", status: response.status, data: {}};
      }
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) { return {kind: "ok", status: response.status, data: data}; }
        if (response.status === 409) { return {kind: "conflict", status: 409, data: data}; }
        if (response.status >= 500) { return {kind: "offline", status: response.status, data: data}; }
        return {kind: "invalid", status: response.status, data: data};
      });
    }, function () {
      return {kind: "offline", status: 0, data: {}};
    });
  };

  NW.flush = function () {
    if (flushing || !user) { return Promise.resolve(); }
    var items = NW.outbox().filter(function (item) { return !item.conflict; });
    if (!items.length) { return Promise.resolve(); }
    flushing = true;
    var chain = Promise.resolve(true);
    items.forEach(function (item) {
      chain = chain.then(function (goOn) {
        if (!goOn) { return false; }
        return NW.send(item.url, item.fields).then(function (result) {
          if (result.kind === "ok") {
            dequeue(item.id);
            (item.forget || []).forEach(NW.forget);
            emit("nw:sent", {item: item, data: result.data});
            return true;
          }
          if (result.kind === "conflict") {
            item.conflict = result.data;
            NW.enqueue(item);
            emit("nw:conflict", {item: item, data: result.data});
            return true;
          }
          if (result.kind === "invalid") {
            dequeue(item.id);
            emit("nw:failed", {item: item, data: result.data});
            return true;
          }
          if (result.kind === "login") {
            NW.askLogin().then(NW.flush);
          }
          return false;
        });
      });
    });
    return chain.then(function () { flushing = false; }, function () { flushing = false; });
  };

  window.addEventListener("online", function () { NW.flush(); });
  window.setInterval(function () {
    if (navigator.onLine !== false) { NW.flush(); }
  }, 15000);

  /* --- the log-in dialog --------------------------------------------------------------------- */
  var dialog = document.getElementById("nw-session-dialog");

  NW.askLogin = function () {
    return new Promise(function (resolve) {
      loginWaiters.push(resolve);
      if (!dialog) {
        window.location.reload();
        return;
      }
      if (!dialog.open) {
        dialog.showModal();
        var field = document.getElementById("nw-session-username");
        if (field) { field.focus(); }
      }
    });
  };

  if (dialog) {
    var form = document.getElementById("nw-session-form");
    var error = document.getElementById("nw-session-error");
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      error.textContent = "";
      NW.send(dialog.getAttribute("data-login-url"), {
        username: form.elements.username.value, password: form.elements.password.value
      }).then(function (result) {
        if (result.kind === "ok" && result.data.user === user) {
          NW.setCsrfToken(result.data.csrf);
          form.elements.password.value = "";
          dialog.close();
          var waiters = loginWaiters;
          loginWaiters = [];
          waiters.forEach(function (resolve) { resolve(); });
          emit("nw:logged-in", {});
          return;
        }
        if (result.kind === "ok") {
          // Someone else logged in on this device: this page and its text are not theirs.
          window.location.assign("/");
          return;
        }
        if (result.kind === "offline") {
          error.textContent = dialog.getAttribute("data-offline") || result.data.message || "";
          return;
        }
        error.textContent = result.data.message || dialog.getAttribute("data-invalid") || "";
        form.elements.password.focus();
      });
    });
  }

  /* --- log-out clears this device --------------------------------------------------------- */
  var logoutForms = document.querySelectorAll("form[data-nw-logout]");
  for (var i = 0; i < logoutForms.length; i++) {
    logoutForms[i].addEventListener("submit", function () { NW.clearAll(); });
  }

  /* --- the service worker ----------------------------------------------------------------- */
  function tellWorker(who) {
    if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) { return; }
    navigator.serviceWorker.controller.postMessage({type: "user", user: who});
  }

  var workerUrl = body.getAttribute("data-nw-sw");
  if (workerUrl && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(workerUrl, {scope: "/"}).then(function () {
      tellWorker(user);
    }).catch(function () { /* without a worker the page still works online */ });
  }

  showQueue();
  if (navigator.onLine !== false) { NW.flush(); }
}());
