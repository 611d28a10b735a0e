/* Flask-Admin's JavaScript widgets in the reader's language.
 *
 * The page provides window.portalLocale (translated on the server). select2 (3.5) reads its
 * messages from $.fn.select2.defaults when a widget is made, so they are set right away.
 * Flask-Admin's form.js creates its date pickers on DOM ready without any locale; this file
 * loads earlier in the page, so its ready handler runs first and wraps the picker plugin.
 */
(function ($) {
  var locale = window.portalLocale;
  if (!locale) { return; }

  var messages = locale.select2;
  var fill = function (text, n) { return text.replace('{n}', n); };
  if ($.fn.select2) {
    $.extend($.fn.select2.defaults, {
      formatNoMatches: function () { return messages.noMatches; },
      formatSearching: function () { return messages.searching; },
      formatInputTooShort: function (input, min) { return fill(messages.inputTooShort, min - input.length); },
      formatInputTooLong: function (input, max) { return fill(messages.inputTooLong, input.length - max); },
      formatSelectionTooBig: function (limit) { return fill(messages.selectionTooBig, limit); },
      formatLoadMore: function () { return messages.loadMore; },
      formatAjaxError: function () { return messages.ajaxError; },
      formatMatches: function (n) { return fill(messages.matches, n); }
    });
  }

  $(function () {
    var original = $.fn.daterangepicker;
    if (!original || original.portalLocalised) { return; }
    var localised = function (options, callback) {
      var merged = $.extend(true, {}, options || {});
      merged.locale = $.extend({}, locale.picker, merged.locale || {});
      return original.call(this, merged, callback);
    };
    localised.portalLocalised = true;
    $.fn.daterangepicker = localised;
  });
})(jQuery);
