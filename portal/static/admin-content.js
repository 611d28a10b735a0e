// Entry form enhancements: reorderable steps and a small rich text editor.
// The form works without them: steps are plain rows, rich text is an HTML text area.
(function () {
  "use strict";

  // --- steps -------------------------------------------------------------------------------------
  function renumber(editor) {
    var name = editor.getAttribute("data-name");
    var template = editor.getAttribute("data-step-label-template") || "__N__";
    editor.querySelectorAll("[data-step-row]").forEach(function (row, index) {
      row.querySelectorAll("[data-part]").forEach(function (input) {
        var part = input.getAttribute("data-part");
        var id = name + "-" + index + "-" + part;
        var label = row.querySelector('label[for="' + input.id + '"]');
        input.name = id;
        input.id = id;
        if (label) { label.setAttribute("for", id); }
      });
      var title = row.querySelector("[data-step-label]");
      if (title) { title.textContent = template.replace("__N__", String(index + 1)); }
    });
  }

  function setUpSteps(editor) {
    var list = editor.querySelector(".steps-rows");
    editor.querySelectorAll("[data-step-actions], [data-step-add]").forEach(function (el) { el.hidden = false; });
    editor.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      var row = button.closest("[data-step-row]");
      if (button.hasAttribute("data-step-add")) {
        var last = list.querySelector("[data-step-row]:last-child");
        var copy = last.cloneNode(true);
        copy.querySelectorAll("input, textarea").forEach(function (input) { input.value = ""; });
        list.appendChild(copy);
        renumber(editor);
        copy.querySelector("input").focus();
      } else if (button.hasAttribute("data-step-up") && row.previousElementSibling) {
        list.insertBefore(row, row.previousElementSibling);
        renumber(editor);
        button.focus();
      } else if (button.hasAttribute("data-step-down") && row.nextElementSibling) {
        list.insertBefore(row.nextElementSibling, row);
        renumber(editor);
        button.focus();
      } else if (button.hasAttribute("data-step-remove")) {
        if (list.querySelectorAll("[data-step-row]").length > 1) {
          var next = row.nextElementSibling || row.previousElementSibling;
          row.remove();
          renumber(editor);
          next.querySelector("input").focus();
        } else {
          row.querySelectorAll("input, textarea").forEach(function (input) { input.value = ""; });
        }
      }
    });
  }

  // --- rich text --------------------------------------------------------------------------------
  // [command, button text]; null text means the translated name itself is shown.
  var COMMANDS = [
    ["bold", "B"], ["italic", "I"], ["formatBlock:h2", "H2"], ["formatBlock:h3", "H3"],
    ["formatBlock:p", "¶"], ["insertUnorderedList", "•"], ["insertOrderedList", "1."],
    ["createLink", null], ["unlink", null]
  ];

  function setUpRichText(textarea) {
    var labels = JSON.parse(document.getElementById("rich-editor-labels").textContent);
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var toolbar = document.createElement("div");
    toolbar.className = "rich-editor-toolbar";
    toolbar.setAttribute("role", "toolbar");
    if (label) { toolbar.setAttribute("aria-label", label.textContent.trim()); }
    var area = document.createElement("div");
    area.className = "rich-editor-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) { label.id = label.id || textarea.id + "-label"; area.setAttribute("aria-labelledby", label.id); }
    if (textarea.lang) { area.lang = textarea.lang; }
    area.innerHTML = textarea.value;

    COMMANDS.forEach(function (spec) {
      var parts = spec[0].split(":");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.title = labels[spec[0]] || spec[0];
      button.textContent = spec[1] || button.title;
      button.setAttribute("aria-label", button.title);
      button.addEventListener("click", function () {
        area.focus();
        if (parts[0] === "createLink") {
          var url = window.prompt(labels.linkPrompt, "https://");
          if (url) { document.execCommand("createLink", false, url); }
        } else {
          document.execCommand(parts[0], false, parts[1] ? "<" + parts[1] + ">" : null);
        }
        textarea.value = area.innerHTML;
      });
      toolbar.appendChild(button);
    });
    var source = document.createElement("button");
    source.type = "button";
    source.className = "btn btn-sm btn-outline-secondary ml-auto";
    source.textContent = labels.source;
    source.setAttribute("aria-pressed", "false");
    source.addEventListener("click", function () {
      var showing = !textarea.hidden;
      if (showing) { area.innerHTML = textarea.value; } else { textarea.value = area.innerHTML; }
      textarea.hidden = showing;
      area.hidden = !showing;
      source.setAttribute("aria-pressed", String(!showing));
    });
    toolbar.appendChild(source);

    area.addEventListener("input", function () { textarea.value = area.innerHTML; });
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(area, textarea);
    textarea.hidden = true;
    textarea.form.addEventListener("submit", function () {
      if (textarea.hidden) { textarea.value = area.innerHTML; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-steps]").forEach(setUpSteps);
    if (document.getElementById("rich-editor-labels")) {
      document.querySelectorAll("textarea[data-rich-text]").forEach(setUpRichText);
    }
    document.querySelectorAll("form.content-entry-form").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("[data-steps]").forEach(renumber);
      });
    });
  });
})();
