// Small progressive enhancements of the public pages; everything works without them.
(function () {
  "use strict";
  // "Print this page" buttons are hidden until script can make them work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // After a refused submission, take keyboard and screen-reader users to the list of errors.
  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }
})();
