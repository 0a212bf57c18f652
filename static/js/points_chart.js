// "My points": points per month stacked by category, and the running total.
// Data comes from the page (json_script #points-chart-data); no animation, so screenshots are stable.
(function () {
  const holder = document.getElementById("points-chart");
  const source = document.getElementById("points-chart-data");
  if (!holder || !source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const colors = ["#c62828", "#ef6c00", "#1565c0", "#2e7d32", "#f9a825", "#6d4c41"];
  const chart = window.echarts.init(holder);
  chart.setOption({
    animation: false,
    color: colors,
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 40, right: 40, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value" }, { type: "value", scale: true, splitLine: { show: false } }],
    series: [
      ...data.series.map((series) => ({
        name: series.name,
        type: "bar",
        stack: "points",
        data: series.data,
      })),
      {
        name: data.total_name,
        type: "line",
        yAxisIndex: 1,
        data: data.totals,
        color: "#333",
        symbolSize: 5,
      },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
