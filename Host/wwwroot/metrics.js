// Draws the 运行指标 page's charts with ECharts from npm: the last hour a minute at a time, from the
// figures the page carries (#metrics-data, data-figures), read again every 15 s from the page's
// Figures handler. The charts stay and take the new figures, so they do not flicker. Marks the
// page when drawn, for the browser tests.
const source = document.getElementById("metrics-data");
if (source && typeof echarts !== "undefined") {
  const charts = {};
  const chart = (id) => (charts[id] ??= echarts.init(document.getElementById(id), null, { renderer: "svg" }));
  const base = (minutes, yAxis) => ({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 45, right: 45, bottom: 30, top: 40 },
    xAxis: { type: "category", data: minutes },
    yAxis,
  });
  const draw = (f) => {
    chart("chart-moves").setOption({
      ...base(f.minutes, { type: "value", name: "次", minInterval: 1 }),
      series: [
        { name: "已执行", type: "bar", stack: "moves", data: f.applied },
        { name: "已过期", type: "bar", stack: "moves", data: f.stale },
        { name: "被拒绝", type: "bar", stack: "moves", data: f.refused },
        { name: "出错", type: "bar", stack: "moves", data: f.errors },
      ],
    });
    chart("chart-move-time").setOption({
      ...base(f.minutes, { type: "value", name: "毫秒" }),
      series: [
        { name: "平均", type: "line", data: f.moveAverage, connectNulls: false },
        { name: "95%", type: "line", data: f.moveP95, connectNulls: false },
      ],
    });
    chart("chart-lateness").setOption({
      ...base(f.minutes, { type: "value", name: "秒" }),
      series: [
        { name: "平均", type: "line", data: f.latenessAverage },
        { name: "最大", type: "line", data: f.latenessMax },
      ],
    });
    chart("chart-timers").setOption({
      ...base(f.minutes, { type: "value", name: "个", minInterval: 1 }),
      series: [
        { name: "待触发", type: "line", data: f.timersPending, connectNulls: true },
        { name: "触发失败待重试", type: "line", data: f.timersFailing, connectNulls: true },
      ],
    });
    chart("chart-outbox").setOption({
      ...base(f.minutes, [
        { type: "value", name: "封", minInterval: 1 },
        { type: "value", name: "分钟", splitLine: { show: false } },
      ]),
      series: [
        { name: "待发", type: "bar", data: f.backlog },
        { name: "最早一封已等", type: "line", yAxisIndex: 1, data: f.oldestAge, connectNulls: true },
      ],
    });
    chart("chart-delivery").setOption({
      ...base(f.minutes, [
        { type: "value", name: "秒" },
        { type: "value", name: "次", minInterval: 1, splitLine: { show: false } },
      ]),
      series: [
        { name: "平均", type: "line", data: f.deliveryAverage },
        { name: "95%", type: "line", data: f.deliveryP95 },
        { name: "发送失败", type: "bar", yAxisIndex: 1, data: f.deliveryFailures },
      ],
    });
    chart("chart-queue-wait").setOption({
      ...base(f.minutes, { type: "value", name: "分钟" }),
      series: [
        { name: "平均", type: "line", data: f.queueWaitAverage },
        { name: "最长", type: "line", data: f.queueWaitMax },
      ],
    });
    chart("chart-waiting").setOption(
      {
        ...base(f.minutes, { type: "value", name: "人", minInterval: 1 }),
        series: f.waiting.map((q) => ({ name: q.name, type: "line", data: q.data, connectNulls: true })),
      },
      { replaceMerge: ["series"] },
    );
    document.body.dataset.metricsCharts = "drawn";
  };
  draw(JSON.parse(source.dataset.figures));
  setInterval(async () => {
    const answer = await fetch("?handler=Figures", { headers: { Accept: "application/json" } });
    if (answer.ok) {
      draw(await answer.json());
    }
  }, 15000);
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
}
