/* Idle-timeout warning (docs/security.md, "Sessions").
 *
 * The server logs a session out after NW_IDLE_TIMEOUT_MINUTES without a request
 * (core.middleware.IdleTimeoutMiddleware) and tells this page how many seconds are left
 * (data-remaining). A minute before (data-warn), the warning opens; "Angemeldet bleiben" posts
 * to the extend address, which counts as activity. When the time is up the page reloads, and
 * the server answers with the log-in page and its German message. A file, not an inline
 * script: the Content Security Policy allows scripts from our own origin only.
 */
(function () {
  "use strict";
  var box = document.getElementById("nw-idle-warning");
  if (!box) { return; }
  var button = box.querySelector("[data-idle-extend]");
  var warnMs = parseInt(box.dataset.warn, 10) * 1000;
  var timeout = parseInt(box.dataset.timeout, 10);
  var warnTimer = null;
  var endTimer = null;
  var lastFocus = null;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function show() {
    lastFocus = document.activeElement;
    box.hidden = false;
    button.focus();
  }

  function hide() {
    box.hidden = true;
    if (lastFocus && typeof lastFocus.focus === "function") { lastFocus.focus(); }
  }

  function end() {
    // A page with the log-in dialog (core/offline.js) keeps what was typed: it asks for the
    // password again instead of reloading (issue 14).
    if (window.NW && window.NW.askLogin && document.getElementById("nw-session-dialog")) {
      box.hidden = true;
      window.NW.askLogin().then(function () { schedule(timeout); });
      return;
    }
    window.location.reload();
  }

  function schedule(remainingSeconds) {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    var remainingMs = remainingSeconds * 1000;
    warnTimer = window.setTimeout(show, Math.max(remainingMs - warnMs, 0));
    endTimer = window.setTimeout(end, remainingMs + 1000);
  }

  function extend() {
    window.fetch(box.dataset.extendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}
    }).then(function (response) {
      if (!response.ok) { throw new Error("extend failed"); }
      return response.json();
    }).then(function (data) {
      hide();
      schedule(data.remaining);
    }).catch(end);
  }

  button.addEventListener("click", extend);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { extend(); }
  });
  // An htmx request is activity too; the server notes it to the minute.
  document.body.addEventListener("htmx:afterRequest", function () {
    if (box.hidden) { schedule(timeout - 60); }
  });
  schedule(parseInt(box.dataset.remaining, 10));
}());
