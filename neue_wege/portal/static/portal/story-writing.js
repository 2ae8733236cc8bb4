/* Writing a story without losing a word (issue 14, docs/offline.md).
 *
 * - Every edit is kept on this device at once (core/offline.js storage, per user), and the
 *   page counts edits (hidden "revision"); a draft key (hidden "draft_key", a UUID made here)
 *   names the draft in every autosave and "Speichern": the server keeps one story per key.
 * - The autosave (htmx) never puts a foreign page into the form: an answer that is the log-in
 *   page (session ended) opens the log-in dialog instead, and after logging in the autosave
 *   runs again. Without a connection the status line says that the text is on this device.
 * - "Speichern" is sent by script: one request however often it is tapped; session ended →
 *   dialog, then saved; no connection → queued and sent when the connection returns.
 * - Opening the page again (reload, after a log-in) brings back a newer text kept here.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.querySelector("form[data-nw-story-form]");
  var NW = window.NW;
  if (!form || !NW) { return; }
  var status = document.getElementById("story-autosave-status");
  var notice = document.getElementById("story-local-notice");
  var loginPath = form.getAttribute("data-login-path");
  var isNew = !form.elements.story.value;
  var submitting = false;

  function say(name) {
    if (status) { status.textContent = form.getAttribute("data-say-" + name) || ""; }
  }

  function field(name) { return form.elements[name]; }
  function revision() { return parseInt(field("revision").value || "0", 10) || 0; }

  /* the draft kept on this device ----------------------------------------------------------- */
  function local(key) { return NW.load("draft:" + key, null); }

  function keep() {
    var key = field("draft_key").value;
    NW.store("draft:" + key, {
      key: key, story: form.elements.story.value, title: field("title").value,
      text: field("text").value, revision: revision(), at: new Date().toISOString()
    });
    if (isNew) { NW.store("draft:open", key); }
  }

  function restore(draft) {
    field("draft_key").value = draft.key;
    if (draft.story && !form.elements.story.value) { form.elements.story.value = draft.story; }
    field("title").value = draft.title || "";
    field("text").value = draft.text || "";
    field("revision").value = String(draft.revision || 0);
    if (notice) { notice.hidden = false; }
  }

  if (isNew) {
    var open = NW.load("draft:open", null);
    var earlier = open ? local(open) : null;
    if (earlier && (earlier.text || earlier.title)) {
      restore(earlier);
    } else {
      field("draft_key").value = NW.uuid();
    }
  } else {
    if (!field("draft_key").value) { field("draft_key").value = NW.uuid(); }
    var kept = local(field("draft_key").value);
    if (kept && kept.revision > revision() && kept.text !== field("text").value) {
      restore(kept);
    }
  }

  function edited() {
    var stored = local(field("draft_key").value);
    var base = Math.max(revision(), stored ? stored.revision || 0 : 0);
    field("revision").value = String(base + 1);
    keep();
  }
  field("title").addEventListener("input", edited);
  field("text").addEventListener("input", edited);

  /* the autosave (htmx) ------------------------------------------------------------------- */
  function isLoginAnswer(xhr) {
    if (!xhr) { return false; }
    if (xhr.status === 401 || xhr.status === 403) { return true; }
    try {
      return new URL(xhr.responseURL, window.location.href).pathname.indexOf(loginPath) === 0;
    } catch (error) {
      return false;
    }
  }

  form.addEventListener("htmx:beforeSwap", function (event) {
    if (!isLoginAnswer(event.detail.xhr)) { return; }
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    say("ended");
    NW.askLogin().then(function () {
      say("back");
      if (window.htmx) { window.htmx.trigger(field("text"), "change"); }
    });
  });

  form.addEventListener("htmx:sendError", function () { say("offline"); });

  form.addEventListener("htmx:afterSettle", function () { keep(); });

  /* "Speichern" ------------------------------------------------------------------------------ */
  function fields() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") { data[name] = value; }
    });
    return data;
  }

  function saved(data) {
    NW.forget("draft:" + field("draft_key").value);
    if (NW.load("draft:open", null) === field("draft_key").value) { NW.forget("draft:open"); }
    if (data && data.url) { window.location.assign(data.url); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (submitting) { return; }
    submitting = true;
    keep();
    var data = fields();
    NW.send(form.action, data).then(function (result) {
      submitting = false;
      if (result.kind === "ok") {
        saved(result.data);
      } else if (result.kind === "login") {
        say("ended");
        NW.askLogin().then(function () { form.requestSubmit(); });
      } else if (result.kind === "offline") {
        NW.enqueue({id: data.draft_key, kind: "story", url: form.action, fields: data,
                    forget: ["draft:" + data.draft_key]});
        say("queued");
      } else {
        // Invalid input: the server's page shows the errors (nothing was saved).
        HTMLFormElement.prototype.submit.call(form);
      }
    });
  });

  document.addEventListener("nw:sent", function (event) {
    var item = event.detail.item;
    if (item.kind === "story" && item.id === field("draft_key").value) {
      say("sent");
      saved(event.detail.data);
    }
  });

  document.addEventListener("nw:failed", function (event) {
    if (event.detail.item.id === field("draft_key").value) { say("failed"); }
  });
});
