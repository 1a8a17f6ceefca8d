// Draws the monthly ranking's bar chart with ECharts from npm, from the figures the page was
// rendered with (data-chart); marks the page when done, so the browser tests know it is there.
document.querySelectorAll("[data-chart]").forEach((element) => {
  const figures = JSON.parse(element.dataset.chart);
  const chart = echarts.init(element, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", valueFormatter: (v) => `${v}%` },
    legend: { top: 0 },
    grid: { left: 40, right: 10, bottom: 40, top: 40 },
    xAxis: { type: "category", data: figures.names, axisLabel: { interval: 0, rotate: figures.names.length > 6 ? 30 : 0 } },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: figures.series.map((s) => ({ name: s.name, type: "bar", data: s.data })),
  });
  window.addEventListener("resize", () => chart.resize());
  document.body.dataset.chart = "drawn";
});
