/* The training session form: the court and presiding judge are asked for only when the kind is
   a court hearing observation. Without this script both fields simply stay in view; the server
   enforces the rule either way (portal.services.training.check_session). */
(function () {
  "use strict";

  var hearingKind = document.currentScript && document.currentScript.getAttribute("data-hearing-kind");
  var kind = document.getElementById("kind");
  var court = document.getElementById("court");
  var judge = document.getElementById("judge_name");
  if (!hearingKind || !kind || !court || !judge) { return; }
  var $ = window.jQuery;
  var groups = [court, judge].map(function (field) { return field.closest(".form-group"); });

  function isHearing() { return kind.value === hearingKind; }

  function clearCourtAndJudge() {
    judge.value = "";
    if ($ && $(court).data("select2")) {
      $(court).select2("val", "");  // the court is picked through a search box
    } else {
      court.value = "";
    }
  }

  function show(visible) {
    groups.forEach(function (group) { group.hidden = !visible; });
  }

  // On load, values already typed stay in view (e.g. the server refused them for this kind).
  show(isHearing() || Boolean(court.value || judge.value));

  function kindChanged() {
    show(isHearing());
    if (!isHearing()) { clearCourtAndJudge(); }  // the server would refuse them anyway
  }
  // The kind is a select2 box: its changes are announced through jQuery, not native events.
  if ($) { $(kind).on("change", kindChanged); } else { kind.addEventListener("change", kindChanged); }
})();
