// The campaign page's funnel chart, drawn with the vendored Chart.js from the figures the live
// part of the page carries in <script id="funnel-data" type="application/json">. The live part is
// replaced every two seconds; the chart stays and takes the new figures. The page's table shows
// the same numbers without JavaScript.
(function () {
  var chart = null;

  function figures() {
    var source = document.getElementById("funnel-data");
    return source ? JSON.parse(source.textContent) : null;
  }

  function colour(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#0b7a5c";
  }

  function draw() {
    var canvas = document.getElementById("funnel-chart");
    var data = figures();
    if (!canvas || !data || !window.Chart) return;
    if (chart) {
      chart.data.labels = data.labels;
      chart.data.datasets[0].data = data.values;
      chart.update("none");
      return;
    }
    var accent = colour("--accent");
    chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: "Messages",
          data: data.values,
          backgroundColor: [accent, colour("--ok"), colour("--focus"), colour("--danger")],
        }],
      },
      options: {
        indexAxis: "y",
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
