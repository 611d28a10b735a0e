/* Fast attendance: conveniences over plain forms (the page works without this script). */
(function () {
  "use strict";

  // Choosing a street reloads the committees of that street.
  document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var committee = select.form.querySelector("[name=committee]");
      if (committee) { committee.value = ""; }
      select.form.submit();
    });
  });

  // Tick or untick every candidate at once.
  var all = document.getElementById("pick-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("input.pick").forEach(function (box) { box.checked = all.checked; });
    });
  }

  var roster = document.getElementById("roster-form");
  if (!roster) { return; }
  var sessionHours = roster.getAttribute("data-session-hours");

  // Absent (or only expected) earns no hours; present or late restores the session's hours.
  roster.addEventListener("change", function (event) {
    var radio = event.target;
    if (!radio.classList.contains("status")) { return; }
    var hours = radio.closest("tr").querySelector("input.hours");
    if (radio.value === "absent" || radio.value === "planned") {
      hours.value = "0";
    } else if (hours.value === "" || Number(hours.value) === 0) {
      hours.value = sessionHours;
    }
  });

  // Live filter over the roster: by name, full pinyin or initials ("zs" finds 张三).
  var filter = document.getElementById("roster-filter");
  if (filter) {
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var term = filter.value.trim().toLowerCase().replace(/\s+/g, "");
      roster.querySelectorAll("tbody tr").forEach(function (row) {
        var haystack = row.getAttribute("data-search").toLowerCase();
        var words = haystack.split(" ");
        var match = !term || haystack.indexOf(term) !== -1 ||
          words.some(function (word) { return word.indexOf(term) === 0; });
        row.hidden = !match;
      });
    });
  }
})();
