/* Date pickers in the reader's language.
 *
 * Flask-Admin's form.js creates its date pickers on DOM ready without any locale, so they show
 * English labels and month names. This handler is registered before form.js's (this file loads
 * earlier in the page), so it wraps the plugin first and every picker gets the translated
 * labels and CLDR names the page provides in window.portalPickerLocale.
 */
(function ($) {
  $(function () {
    var locale = window.portalPickerLocale;
    var original = $.fn.daterangepicker;
    if (!locale || !original || original.portalLocalised) { return; }
    var localised = function (options, callback) {
      var merged = $.extend(true, {}, options || {});
      merged.locale = $.extend({}, locale, merged.locale || {});
      return original.call(this, merged, callback);
    };
    localised.portalLocalised = true;
    $.fn.daterangepicker = localised;
  });
})(jQuery);
