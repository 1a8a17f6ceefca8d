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

// The trend over months (data-trend): the three shares as lines on the left axis, the rank on the
// right axis upside down, so that rising means better on both.
document.querySelectorAll("[data-trend]").forEach((element) => {
  const trend = JSON.parse(element.dataset.trend);
  const chart = echarts.init(element, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 40, bottom: 30, top: 40 },
    xAxis: { type: "category", data: trend.months },
    yAxis: [
      { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      { type: "value", name: "名次", inverse: true, min: 1, max: Math.max(...trend.of), minInterval: 1 },
    ],
    series: [
      ...trend.series.map((s) => ({ name: s.name, type: "line", data: s.data, tooltip: { valueFormatter: (v) => `${v}%` } })),
      { name: "名次", type: "line", yAxisIndex: 1, data: trend.ranks, lineStyle: { type: "dashed" } },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
  document.body.dataset.trend = "drawn";
});
