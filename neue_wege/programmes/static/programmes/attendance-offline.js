/* Attendance at a venue with poor reception (issue 14, docs/offline.md).
 *
 * The page (kept by the service worker) can be filled in without a connection. "Anwesenheit
 * speichern" sends by script with the time it was taken on this device (taken_at) and what
 * the page showed (seen_*); without a connection it waits in the queue of core/offline.js and
 * is sent when the connection returns. If someone else changed the attendance meanwhile, the
 * server saves nothing and says so (409): the facilitator sees both values and decides.
 */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.querySelector("form[data-nw-attendance-form]");
  var NW = window.NW;
  if (!form || !NW) { return; }
  var status = document.getElementById("attendance-offline-status");
  var conflictBox = document.getElementById("attendance-offline-conflict");
  var url = window.location.pathname;
  var id = "attendance:" + url;
  var submitting = false;

  function say(name) { status.textContent = form.getAttribute("data-say-" + name) || ""; }

  function fields() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (Object.prototype.hasOwnProperty.call(data, name)) {
        data[name] = [].concat(data[name], value);
      } else {
        data[name] = value;
      }
    });
    return data;
  }

  function submitNatively(data) {
    Object.keys(data).forEach(function (name) {
      var values = [].concat(data[name]);
      var inputs = form.querySelectorAll("[name='" + name + "']");
      for (var i = 0; i < inputs.length; i++) {
        var input = inputs[i];
        if (input.type === "radio" || input.type === "checkbox") {
          input.checked = values.indexOf(input.value) >= 0;
        } else {
          input.value = values[0];
        }
      }
    });
    HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (submitting) { return; }
    submitting = true;
    form.elements.taken_at.value = new Date().toISOString();
    var data = fields();
    NW.send(url, data).then(function (result) {
      submitting = false;
      if (result.kind === "ok") {
        window.location.assign(result.data.url || url);
      } else if (result.kind === "offline" || result.kind === "login") {
        NW.enqueue({id: id, kind: "attendance", url: url, fields: data});
        say("queued");
      } else {
        // Conflict or invalid input: the server's page shows it (nothing was saved).
        submitNatively(data);
      }
    });
  });

  var waiting = NW.outbox().filter(function (item) { return item.id === id && item.conflict; })[0];
  if (waiting && conflictBox) {
    conflictBox.hidden = false;
    conflictBox.querySelector("[data-nw-review]").addEventListener("click", function () {
      NW.store("outbox", NW.outbox().filter(function (item) { return item.id !== id; }));
      submitNatively(waiting.fields);
    });
  }

  document.addEventListener("nw:sent", function (event) {
    if (event.detail.item.id === id) { say("sent"); }
  });
  document.addEventListener("nw:conflict", function (event) {
    if (event.detail.item.id === id && conflictBox) { window.location.reload(); }
  });
});
