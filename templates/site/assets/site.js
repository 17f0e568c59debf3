/* budgetgen county budget site: search, sorting and charts. Everything works without it,
   except the charts' interactivity: each chart's figures are also in a table on the page. */
(function () {
  "use strict";

  function text(el) { return (el.textContent || "").trim(); }

  function setupSearch(box) {
    var input = box.querySelector("input[data-filter]");
    var table = document.getElementById(input.getAttribute("data-filter"));
    var count = box.querySelector(".count");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var q = input.value.trim();
      var shown = 0;
      rows.forEach(function (row) {
        var hit = !q || (row.getAttribute("data-name") || "").indexOf(q) >= 0;
        row.hidden = !hit;
        if (hit) { shown += 1; }
      });
      count.textContent = q ? "找到 " + shown + " 个部门" : "共 " + rows.length + " 个部门";
    }
    input.addEventListener("input", apply);
    box.hidden = false;
    apply();
  }

  function sortValue(cell, kind) {
    if (kind === "number") {
      var raw = cell.getAttribute("data-value");
      return raw === null || raw === "" ? null : Number(raw);
    }
    return text(cell);
  }

  function setupSort(table) {
    Array.prototype.forEach.call(table.querySelectorAll(".hint"), function (hint) { hint.hidden = false; });
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    heads.forEach(function (th, col) {
      var kind = th.getAttribute("data-sort");
      if (!kind) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = text(th);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortValue(a.cells[col], kind);
          var y = sortValue(b.cells[col], kind);
          if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
          var order = kind === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  var PALETTE = ["#2f6db5", "#d9822b", "#3a9d5d", "#b0413e", "#7a5cad", "#4aa3a2", "#c2a83e", "#8c6d52", "#d16ba5", "#5b7083"];

  function option(data) {
    var values = data.series.map(function (s) { return s.map(function (v) { return v === null ? "-" : Number(v); }); });
    var base = { color: PALETTE, animation: false, textStyle: { fontFamily: "sans-serif" }, aria: { enabled: false } };
    if (data.kind === "pie") {
      base.tooltip = { trigger: "item", formatter: "{b}<br>{c} 万元（{d}%）" };
      base.legend = { type: "scroll", bottom: 0 };
      base.series = [{
        type: "pie", radius: ["30%", "58%"], center: ["50%", "45%"], avoidLabelOverlap: true,
        label: { formatter: "{d}%" },
        data: data.labels.map(function (name, i) { return { name: name, value: values[0][i] }; })
      }];
      return base;
    }
    base.tooltip = { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v + " 万元"; } };
    base.grid = { left: 8, right: 40, top: data.columns.length > 1 ? 30 : 10, bottom: 8, containLabel: true };
    if (data.columns.length > 1) { base.legend = { data: data.columns, top: 0 }; }
    base.xAxis = { type: "value", axisLabel: { hideOverlap: true } };
    base.yAxis = { type: "category", inverse: true, data: data.labels, axisLabel: { width: 120, overflow: "break" } };
    base.series = data.columns.map(function (name, i) {
      return { type: "bar", name: name, data: values[i], barMaxWidth: 26, label: { show: true, position: "right", fontSize: 11 } };
    });
    return base;
  }

  function setupChart(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    var data = JSON.parse(source.textContent);
    if (data.kind !== "pie") {
      var bars = data.labels.length * data.columns.length;
      el.style.height = Math.max(180, bars * 26 + 60) + "px";
    }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(option(data));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function ready() {
    Array.prototype.forEach.call(document.querySelectorAll(".search"), setupSearch);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setupSort);
    if (window.echarts) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), setupChart);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
}());
