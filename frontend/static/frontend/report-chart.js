/* Draws the report's chart from the same figures as the table (progressive enhancement). */
(function () {
  "use strict";
  var canvas = document.getElementById("report-chart");
  var source = document.getElementById("report-chart-data");
  if (!canvas || !source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Dark, distinct colours: at least 3:1 against white, as WCAG 1.4.11 asks of graphics.
  var palette = ["#0b4f8a", "#a4161a", "#1f6b2c", "#6a2c91", "#8a4b00", "#00606b", "#4a4a55", "#b0006a"];
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  // On a phone the legend goes below the bars, and the box grows with it, so that a long
  // legend never squeezes the bars away.
  var narrow = window.matchMedia && window.matchMedia("(max-width: 47.99rem)").matches;
  if (narrow && canvas.parentNode) {
    canvas.parentNode.style.height = 16 + 1.6 * data.datasets.length + "rem";
  }
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.datasets.map(function (set, index) {
        var colour = palette[index % palette.length];
        return { label: set.label, data: set.data, backgroundColor: colour, borderColor: colour };
      })
    },
    options: {
      animation: reduceMotion ? false : { duration: 300 },
      maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: data.x_title, color: "#1b1b1f" }, ticks: { color: "#1b1b1f" } },
        y: {
          beginAtZero: true,
          title: { display: true, text: data.y_title, color: "#1b1b1f" },
          ticks: { color: "#1b1b1f", precision: 0 }
        }
      },
      plugins: {
        legend: {
          position: narrow ? "bottom" : "top",
          labels: { color: "#1b1b1f", boxWidth: narrow ? 14 : 40 }
        }
      }
    }
  });
})();
