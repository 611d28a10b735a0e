/* The case workspace (admin_views/case_workspace.py).
 *
 * Without this script every tab is a link to its own page and every form opens on its own page;
 * with it, a tab link swaps only the tab's panel (fetched with partial=1) and keeps the address
 * and the browser's back button, and the forms of steps, meetings, agreements, visits and uploads
 * open in a dialog over the page: sent from there, they come back to the same tab when saved and
 * stay open with the input and the errors when not.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var workspace = document.querySelector(".case-workspace");
  if (!workspace || !window.fetch) { return; }
  var panel = document.getElementById("case-panel");
  var dialog = document.getElementById("case-dialog");
  var words = { loading: script.getAttribute("data-loading"), failed: script.getAttribute("data-failed") };

  // --- tabs -------------------------------------------------------------------------------------
  function tabLinks() { return workspace.querySelectorAll(".case-tabs a[data-tab]"); }

  function markTab(key) {
    tabLinks().forEach(function (link) {
      var on = link.getAttribute("data-tab") === key;
      link.classList.toggle("active", on);
      if (on) { link.setAttribute("aria-current", "page"); } else { link.removeAttribute("aria-current"); }
    });
    workspace.setAttribute("data-tab", key);
  }

  function partialUrl(href) {
    var url = new URL(href, window.location.href);
    url.searchParams.set("partial", "1");
    return url.toString();
  }

  function showTab(href, key, push) {
    panel.classList.add("case-loading");
    panel.setAttribute("aria-busy", "true");
    return fetch(partialUrl(href), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        panel.innerHTML = html;
        // Scripts that came with the panel (the upload form's) run as they would on a full page.
        panel.querySelectorAll("script[src]").forEach(function (old) {
          var fresh = document.createElement("script");
          fresh.src = old.src;
          old.replaceWith(fresh);
        });
        markTab(key);
        if (push) { window.history.pushState({ tab: key }, "", href); }
        enhance(panel);
        var heading = panel.querySelector(".case-section-heading");
        (heading || panel).setAttribute("tabindex", "-1");
        (heading || panel).focus({ preventScroll: true });
      })
      .catch(function () { window.location.href = href; })
      .then(function () { panel.classList.remove("case-loading"); panel.removeAttribute("aria-busy"); });
  }

  workspace.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-tab]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
    event.preventDefault();
    showTab(link.href, link.getAttribute("data-tab"), true);
  });

  window.addEventListener("popstate", function () {
    var key = new URL(window.location.href).searchParams.get("tab") || "overview";
    if (key === "all") { window.location.reload(); return; }
    showTab(window.location.href, key, false);
  });

  // --- forms in a dialog -------------------------------------------------------------------------
  var opener = null;
  var body = dialog ? dialog.querySelector(".case-dialog-body") : null;
  var title = dialog ? dialog.querySelector("#case-dialog-title") : null;

  // The page's own form: a step's, an upload's, or a record screen's (never the menus' forms).
  var FORMS = ["form.case-step", "form.case-upload", "form.admin-form"];

  function formOf(doc) {
    for (var i = 0; i < FORMS.length; i++) {
      var found = doc.querySelector(FORMS[i]);
      if (found) { return found; }
    }
    return null;
  }

  function fill(doc, url) {
    var form = formOf(doc);
    if (!form) { return false; }
    var heading = doc.querySelector(".case-step-title, h1, h2, h3, legend");
    title.textContent = heading ? heading.textContent.trim() : "";
    body.innerHTML = "";
    doc.querySelectorAll(".alert").forEach(function (alert) { body.appendChild(document.importNode(alert, true)); });
    var copy = document.importNode(form, true);
    if (!form.getAttribute("action")) { copy.setAttribute("action", url); }
    // In the dialog a form is saved and closed: "save and add another" would leave the page.
    copy.querySelectorAll("input[name=_add_another], input[name=_continue_editing]").forEach(function (el) { el.remove(); });
    copy.querySelectorAll("a.btn-danger, a[role=button][href]").forEach(function (cancel) {
      cancel.addEventListener("click", function (e) { e.preventDefault(); dialog.close(); });
    });
    body.appendChild(copy);
    if (window.faForm && window.jQuery) { window.faForm.applyGlobalStyles(window.jQuery(copy)); }
    copy.addEventListener("submit", submit);
    var first = copy.querySelector(".is-invalid, input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
    return true;
  }

  function load(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.text().then(function (html) { return { response: response, html: html }; });
    });
  }

  function open(url) {
    body.textContent = words.loading;
    title.textContent = "";
    if (!dialog.open) {
      // Not a modal in the browser's top layer: the record forms' lookup lists (select2) open
      // on the page's body and must show above the dialog. A backdrop and Escape stand in.
      dialog.show();
      document.body.classList.add("case-dialog-open");
    }
    load(url).then(function (result) {
      var doc = new DOMParser().parseFromString(result.html, "text/html");
      if (!result.response.ok || !fill(doc, url)) { window.location.href = url; }
    }).catch(function () { body.textContent = words.failed; });
  }

  function submit(event) {
    var form = event.target;
    if (form.enctype === "multipart/form-data" && form.querySelector(".drop-zone:not(.d-none)")) {
      return; // the upload script sends its files itself, as a normal form
    }
    event.preventDefault();
    var action = form.action;
    var sent = new URL(action, window.location.href);
    var button = event.submitter;
    var data = new FormData(form);
    if (button && button.name) { data.append(button.name, button.value); }
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    fetch(action, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
      var landed = new URL(response.url);
      if (response.redirected && landed.pathname !== sent.pathname) {
        window.location.href = response.url; // saved: the page again, on its tab, with the message
        return null;
      }
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (!fill(doc, action)) { window.location.href = response.url; }
      });
    }).catch(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
      body.insertAdjacentHTML("afterbegin", "<div class=\"alert alert-danger\" role=\"alert\"></div>");
      body.firstChild.textContent = words.failed;
    });
  }

  function enhance(root) {
    if (!dialog || typeof dialog.show !== "function") { return; }
    root.querySelectorAll("a[data-dialog]").forEach(function (link) {
      if (link.dataset.dialogReady) { return; }
      link.dataset.dialogReady = "1";
      link.setAttribute("aria-haspopup", "dialog");
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) { return; }
        event.preventDefault();
        opener = link;
        open(link.href);
      });
    });
  }

  if (dialog) {
    dialog.querySelector(".case-dialog-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { dialog.close(); }
    });
    dialog.addEventListener("close", function () {
      document.body.classList.remove("case-dialog-open");
      body.innerHTML = "";
      if (opener) { opener.focus(); }
    });
  }
  enhance(workspace);
})();
