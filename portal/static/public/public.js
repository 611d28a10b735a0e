// Small progressive enhancements of the public pages; everything works without them.
(function () {
  "use strict";
  // "Print this page" buttons are hidden until script can make them work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // Choosing another street reloads the list with that street's communities to choose from.
  document.querySelectorAll("select[data-resets]").forEach(function (select) {
    select.addEventListener("change", function () {
      var dependent = select.form.elements[select.getAttribute("data-resets")];
      if (dependent) { dependent.value = ""; dependent.disabled = true; }
      select.form.submit();
    });
  });
  // After a refused submission, take keyboard and screen-reader users to the list of errors.
  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }
})();
