/* Import preview: start checking the uploaded file and show how far it got (the page works
   without this script: a button then checks the file in one go). */
(function () {
  "use strict";

  // Saving a long file takes a while: say so, and make a second click impossible.
  var save = document.getElementById("import-save");
  if (save) {
    save.addEventListener("submit", function () {
      var button = save.querySelector("button[type=submit]");
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = button.getAttribute("data-saving");
      }, 0);
    });
  }

  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = document.getElementById("import-progress-bar");
  var rows = document.getElementById("import-progress-rows");
  var done = false;

  function show(state) {
    if (state.percent !== null && state.percent !== undefined) { bar.value = state.percent; }
    var template = state.total ? rows.getAttribute("data-template") : rows.getAttribute("data-template-unknown");
    rows.textContent = template.replace("{done}", state.done).replace("{total}", state.total);
  }

  function finished(state) {
    return state.status !== "uploaded" && state.status !== "checking" && state.status !== "stalled";
  }

  function check() {
    fetch(box.getAttribute("data-check-url"), {
      method: "POST", credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": box.getAttribute("data-csrf") }
    }).then(function (response) { return response.json(); })
      .then(function (state) {
        if (finished(state)) { done = true; show(state); window.location.reload(); }
      })
      .catch(function () { /* the poll follows the check */ });
  }

  function poll() {
    if (done) { return; }
    fetch(box.getAttribute("data-progress-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.status === "stalled") { check(); }  // the check was interrupted: start it again
        else if (finished(state)) { done = true; window.location.reload(); return; }
        window.setTimeout(poll, 400);
      })
      .catch(function () { window.setTimeout(poll, 1500); });
  }

  check();
  window.setTimeout(poll, 300);
}());
