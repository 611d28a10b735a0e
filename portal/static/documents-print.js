// The print page's "Print" button (no inline handlers: the page works under a strict policy).
document.querySelectorAll(".print-button").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
