// Several scans at once on the case page: a drop zone that lists each file with its own kind.
// The files stay in the form's own multi-file input (filled through a DataTransfer) and each
// file's kind goes beside it as "kinds", in the same order, so the form posts as usual.
// Without this script the page offers the plain multi-file input and one kind for all.
(function () {
  document.querySelectorAll("form.case-upload").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector(".drop-zone");
    var list = form.querySelector(".drop-list");
    var options = form.querySelector("template.kind-options");
    var kindSelect = form.querySelector("select[name=kind]");
    if (!input || !zone || !list || !options || typeof DataTransfer === "undefined") return;
    var words = JSON.parse(form.getAttribute("data-kind-words") || "[]");
    var maxFiles = parseInt(form.getAttribute("data-max-files"), 10) || 20;
    var maxBytes = parseFloat(form.getAttribute("data-max-mb")) * 1024 * 1024;
    var chosen = [];  // [{file, kind}]

    zone.classList.remove("d-none");
    form.querySelector(".upload-fields").classList.add("d-none");

    function guess(name) {
      for (var i = 0; i < words.length; i++) {
        if (name.indexOf(words[i][0]) !== -1) return words[i][1];
      }
      var fallback = kindSelect ? kindSelect.value : "other";
      return fallback === "guess" ? "other" : fallback;
    }

    function sync() {
      var transfer = new DataTransfer();
      chosen.forEach(function (entry) { transfer.items.add(entry.file); });
      input.files = transfer.files;
      list.textContent = "";
      chosen.forEach(function (entry, index) {
        var item = document.createElement("li");
        item.className = "drop-item d-flex flex-wrap align-items-center mb-1";
        var name = document.createElement("span");
        name.className = "drop-name mr-2";
        name.textContent = entry.file.name + " (" + Math.max(1, Math.round(entry.file.size / 1024)) + " KB)";
        var select = document.createElement("select");
        select.name = "kinds";
        select.className = "form-control form-control-sm w-auto mr-2";
        select.setAttribute("aria-label", list.getAttribute("data-kind-label") + ": " + entry.file.name);
        select.innerHTML = options.innerHTML;
        select.value = entry.kind;
        select.addEventListener("change", function () { entry.kind = select.value; });
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn btn-link btn-sm p-0 text-danger";
        remove.textContent = list.getAttribute("data-remove-label");
        remove.addEventListener("click", function () { chosen.splice(index, 1); sync(); });
        item.appendChild(name);
        item.appendChild(select);
        item.appendChild(remove);
        if (entry.file.size > maxBytes) {
          var warning = document.createElement("span");
          warning.className = "text-danger small ml-2";
          warning.textContent = list.getAttribute("data-too-large").replace("{file}", entry.file.name);
          item.appendChild(warning);
        }
        list.appendChild(item);
      });
      if (chosen.length > maxFiles) {
        var note = document.createElement("li");
        note.className = "text-danger small";
        note.textContent = list.getAttribute("data-too-many");
        list.appendChild(note);
      }
    }

    function add(files) {
      Array.prototype.forEach.call(files, function (file) {
        chosen.push({file: file, kind: guess(file.name)});
      });
      sync();
    }

    input.addEventListener("change", function () {
      // Files picked through the input join those already listed.
      var picked = Array.prototype.slice.call(input.files).filter(function (file) {
        return !chosen.some(function (entry) { return entry.file === file; });
      });
      add(picked);
    });
    zone.addEventListener("click", function () { input.click(); });
    zone.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); input.click(); }
    });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add("drop-active"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("drop-active"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files) add(event.dataTransfer.files);
    });
  });
})();
