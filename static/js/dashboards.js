// The dashboards' charts, drawn with the vendored Apache ECharts from the page's data
// (json_script #dashboard-chart-data). No animation, so screenshots are stable.
// Every chart is also a table on the page (for printing, export and screen readers).
(function () {
  document.querySelectorAll("[data-copy]").forEach((button) =>
    button.addEventListener("click", () => {
      const target = document.getElementById(button.dataset.copy);
      if (target && navigator.clipboard) navigator.clipboard.writeText(target.textContent.trim());
      else if (target) { const range = document.createRange(); range.selectNodeContents(target);
        const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range); }
    })
  );
  const source = document.getElementById("dashboard-chart-data");
  if (!source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const colors = ["#c62828", "#ef6c00", "#1565c0", "#2e7d32", "#f9a825", "#6d4c41", "#6a1b9a", "#00838f"];
  const charts = [];

  function draw(id, option) {
    const holder = document.getElementById(id);
    if (!holder) return;
    const chart = window.echarts.init(holder);
    chart.setOption(Object.assign({ animation: false, color: colors }, option));
    charts.push(chart);
  }

  const activities = data.activities;
  draw("chart-activities", {
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: activities.months },
    yAxis: { type: "value", minInterval: 1 },
    series: activities.series.map((s) => ({ name: s.name, type: "bar", stack: "all", data: s.values })),
  });

  const attendance = data.attendance;
  draw("chart-attendance", {
    tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : v + "%") },
    grid: { left: 40, right: 20, top: 20, bottom: 30 },
    xAxis: { type: "category", data: attendance.months },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [{ name: attendance.name, type: "line", data: attendance.values, connectNulls: true }],
  });

  const heat = data.heatmap;
  if (heat && heat.rows.length > 1) {
    const holder = document.getElementById("chart-heatmap");
    if (holder) holder.style.height = Math.max(220, 60 + heat.rows.length * 26) + "px";
    const cells = [];
    let max = 1;
    heat.rows.forEach((row, y) =>
      row.cells.forEach((value, x) => {
        cells.push([x, y, value]);
        max = Math.max(max, value);
      })
    );
    draw("chart-heatmap", {
      tooltip: { position: "top" },
      grid: { left: 150, right: 20, top: 10, bottom: 60 },
      xAxis: { type: "category", data: heat.months, splitArea: { show: true } },
      yAxis: { type: "category", data: heat.rows.map((r) => r.name), inverse: true },
      visualMap: {
        min: 0, max: max, calculable: false, orient: "horizontal", left: "center", bottom: 0,
        inRange: { color: ["#e8f5e9", "#ffcdd2", "#c62828"] },
      },
      series: [{ type: "heatmap", data: cells, label: { show: true } }],
    });
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
