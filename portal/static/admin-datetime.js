/* Date and date-time fields of the staff screens: type, paste or pick, on the district's clock.
 *
 * Flask-Admin turns these fields into a date-range picker that rewrites the text on every key
 * press (typing "2" gave "0002-01-01 00:00:00") and resets it on blur after a paste, and which
 * starts from the browser's clock. Here the field stays a plain text box: what is typed or
 * pasted is kept, tidied on leaving the field when it reads as a date ("2026/12/2 9:00" becomes
 * "2026-12-02 09:00:00"), and left as typed otherwise for the server to explain. A calendar
 * button opens the browser's own picker (the phone's wheel on a phone), starting from the
 * field's value or the district's now (window.portalLocale.now), never the browser's clock.
 *
 * Loaded before Flask-Admin's form.js: the ready handler below runs first and takes over the
 * single-date pickers; range pickers (list filters "between") keep the plugin, on the district's
 * clock too.
 */
(function ($) {
  "use strict";
  var locale = window.portalLocale || {};

  // The district's clock for everything that asks moment() for "now" (the picker plugin too):
  // the server's local wall time when the page was made, moving on with the browser's timer.
  if (window.moment && locale.now) {
    var offset = window.moment(locale.now, "YYYY-MM-DDTHH:mm:ss").valueOf() - Date.now();
    window.moment.now = function () { return Date.now() + offset; };
  }

  var DIGITS = { "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7", "８": "8", "９": "9",
                 "：": ":", "－": "-", "／": "/", "．": ".", "　": " " };
  var DATE_INPUTS = ["YYYY-MM-DD", "YYYY-M-D", "YYYY/M/D", "YYYY.M.D", "YYYYMMDD", "YYYY年M月D日"];
  var TIME_INPUTS = ["HH:mm:ss", "H:mm:ss", "HH:mm", "H:mm", "HHmm"];

  function accepted(withTime) {
    if (!withTime) { return DATE_INPUTS; }
    var formats = [];
    DATE_INPUTS.forEach(function (day) {
      TIME_INPUTS.forEach(function (clock) {
        formats.push(day + " " + clock, day + "T" + clock, day + clock);
      });
    });
    return formats.concat(DATE_INPUTS);  // a day alone means its start
  }

  function normalised(text) {
    return text.replace(/[０-９：－／．　]/g, function (ch) { return DIGITS[ch]; }).replace(/\s+/g, " ").trim();
  }

  /* The field's text as a moment, or null when it does not read as a date. */
  function parse(text, withTime) {
    var value = normalised(text || "");
    if (!value) { return null; }
    var parsed = window.moment(value, accepted(withTime), true);
    return parsed.isValid() ? parsed : null;
  }

  function attach(input, options) {
    if (input.getAttribute("data-portal-date")) { return; }
    var withTime = !!options.timePicker;
    var format = options.format || input.getAttribute("data-date-format") || (withTime ? "YYYY-MM-DD HH:mm:ss" : "YYYY-MM-DD");
    var nativeFormat = withTime ? "YYYY-MM-DDTHH:mm" : "YYYY-MM-DD";
    input.setAttribute("data-portal-date", withTime ? "datetime" : "date");
    input.setAttribute("autocomplete", "off");
    if (!input.getAttribute("placeholder")) {
      input.setAttribute("placeholder", window.moment().format(withTime ? "YYYY-MM-DD HH:mm" : "YYYY-MM-DD"));
    }

    // Tidy what was typed or pasted once the person leaves the field (never while typing).
    function tidy() {
      var parsed = parse(input.value, withTime);
      var invalid = !!normalised(input.value) && !parsed;
      input.classList.toggle("is-invalid", invalid);
      if (invalid) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
      if (parsed) {
        var text = parsed.format(format);
        if (text !== input.value) { input.value = text; $(input).trigger("change"); }
      }
    }
    input.addEventListener("blur", tidy);
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") { tidy(); } });

    // The browser's own picker, behind a calendar button.
    var picker = document.createElement("input");
    picker.type = withTime ? "datetime-local" : "date";
    picker.className = "portal-date-native";
    picker.tabIndex = -1;
    picker.setAttribute("aria-hidden", "true");
    if (withTime) { picker.step = 60; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary portal-date-button";
    button.setAttribute("aria-label", (locale.picker && locale.picker.chooseLabel) || "");
    button.title = button.getAttribute("aria-label");
    button.innerHTML = '<i class="fa fa-calendar" aria-hidden="true"></i>';

    var group = document.createElement("div");
    group.className = "input-group portal-date-group";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var append = document.createElement("div");
    append.className = "input-group-append";
    append.appendChild(button);
    append.appendChild(picker);
    group.appendChild(append);

    button.addEventListener("click", function () {
      var current = parse(input.value, withTime) || window.moment().seconds(0);
      picker.value = current.format(nativeFormat);
      if (typeof picker.showPicker === "function") {
        try { picker.showPicker(); return; } catch (ignored) { /* not allowed here: focus instead */ }
      }
      picker.focus();
    });
    picker.addEventListener("change", function () {
      if (!picker.value) { return; }
      input.value = window.moment(picker.value, nativeFormat).format(format);
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
      $(input).trigger("change");
    });
  }

  window.portalDateField = { attach: attach, parse: parse };

  // Take over Flask-Admin's single date and date-time pickers before its form.js makes them.
  $(function () {
    var original = $.fn.daterangepicker;
    if (!original || original.portalDateFields) { return; }
    var chosen = function (options, callback) {
      if (options && options.singleDatePicker && !(options.timePicker && options.format === "HH:mm:ss")) {
        return this.each(function () { attach(this, options); });
      }
      return original.call(this, options, callback);
    };
    chosen.portalDateFields = true;
    chosen.portalLocalised = original.portalLocalised;
    $.fn.daterangepicker = chosen;
  });
})(jQuery);
