// Draws the lead's curve through the day with ECharts from npm: tickets issued and served per
// hour as bars, their average wait as a line on the right axis. The figures come with the tables
// (#figures-hours, data-hours), and the chart is drawn again whenever the live refresh replaces
// them; the chart itself stays, so it does not flicker. Marks the page when drawn, for the browser tests.
const chartElement = document.getElementById("figures-chart");
const figures = document.getElementById("figures");
if (chartElement && figures && typeof echarts !== "undefined") {
  const chart = echarts.init(chartElement, null, { renderer: "svg" });
  const draw = () => {
    const source = figures.querySelector("[data-hours]");
    if (!source) {
      return;
    }
    const curve = JSON.parse(source.dataset.hours);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 45, bottom: 30, top: 40 },
      xAxis: { type: "category", data: curve.hours },
      yAxis: [
        { type: "value", name: "人次", minInterval: 1 },
        { type: "value", name: "分钟", splitLine: { show: false } },
      ],
      series: [
        { name: "取号", type: "bar", data: curve.issued },
        { name: "办理", type: "bar", data: curve.served },
        { name: "平均等候", type: "line", yAxisIndex: 1, data: curve.wait, connectNulls: true, tooltip: { valueFormatter: (v) => (v == null ? "—" : `${v} 分钟`) } },
      ],
    });
    document.body.dataset.figuresChart = "drawn";
  };
  draw();
  new MutationObserver(draw).observe(figures, { childList: true });
  window.addEventListener("resize", () => chart.resize());
}
