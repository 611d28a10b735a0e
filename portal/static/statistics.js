/* Statistics pages and dashboard panels.
 *
 * - A period form ([data-period-form]) shows only the fields of the chosen kind of period; without
 *   this script every field shows and the server reads those of the chosen kind.
 * - A chart ([data-chart]) is drawn with Apache ECharts (vendored under static/vendor/echarts)
 *   from the JSON spec in its attribute: {type: "bar"|"hbar"|"line", categories, series:
 *   [{name, data, links}], percent}. Clicking a bar or point opens the list behind it. The same
 *   numbers are in the table next to the chart, which needs no script.
 */
(function () {
  "use strict";

  function showPeriodFields(form) {
    var kind = form.querySelector("[data-period-kind]");
    if (!kind) { return; }
    function update() {
      form.querySelectorAll("[data-period-show]").forEach(function (field) {
        var shown = field.getAttribute("data-period-show").split(" ").indexOf(kind.value) >= 0;
        field.hidden = !shown;
        field.querySelectorAll("select, input").forEach(function (input) { input.disabled = !shown; });
      });
    }
    kind.addEventListener("change", update);
    update();
  }

  function percentLabel(value) {
    return value === null || value === undefined ? "—" : value + "%";
  }

  function optionFor(spec) {
    var horizontal = spec.type === "hbar";
    var many = spec.categories.length > 8;
    var categoryAxis = {
      type: "category", data: spec.categories, inverse: horizontal,
      axisLabel: horizontal ? {width: 110, overflow: "truncate"} : {interval: 0, rotate: many ? 35 : 0, hideOverlap: true}
    };
    var valueAxis = {type: "value", minInterval: spec.percent ? 0 : 1};
    if (spec.percent) {
      valueAxis.max = 100;
      valueAxis.axisLabel = {formatter: "{value}%"};
    }
    return {
      animation: false,
      color: ["#2f6fb0", "#3a9a5b", "#d08b2c", "#a04a8c", "#5a6570"],
      tooltip: {trigger: "axis", valueFormatter: spec.percent ? percentLabel : undefined},
      legend: {top: 0, type: "scroll"},
      grid: {left: 8, right: 16, top: 36, bottom: 8, containLabel: true},
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: spec.series.map(function (series) {
        return {
          name: series.name, data: series.data, type: spec.type === "line" ? "line" : "bar",
          connectNulls: false, barMaxWidth: 28, cursor: series.links ? "pointer" : "default"
        };
      })
    };
  }

  function drawChart(element) {
    var spec = JSON.parse(element.getAttribute("data-chart"));
    var chinese = (document.documentElement.lang || "").indexOf("zh") === 0;
    var chart = window.echarts.init(element, null, {locale: chinese ? "ZH" : "EN", renderer: "canvas"});
    chart.setOption(optionFor(spec));
    chart.on("click", function (params) {
      var series = spec.series[params.seriesIndex];
      var link = series && series.links && series.links[params.dataIndex];
      if (link) { window.location.href = link; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
    element.setAttribute("data-chart-ready", "1");
  }

  document.querySelectorAll("[data-period-form]").forEach(showPeriodFields);
  if (window.echarts) {
    document.querySelectorAll("[data-chart]").forEach(drawChart);
  }
})();
