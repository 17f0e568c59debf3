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
        var hit = !q || (row.getAttribute("data-name") || "").indexOf(q) >= 0 ||
          (row.getAttribute("data-code") || "").indexOf(q) === 0;
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
      return raw === null || raw === "" ? null : Number(raw.replace(/,/g, ""));  /* 元, as "2,602,664.00" */
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

  /* Values arrive as the page's own 万元 strings ("330.20"); charts show those strings, never a
     re-rounded number, and no figure (such as a share) that is not on the page. */
  function point(raw, name) {
    return raw === null ? { name: name, value: "-", text: "—" } : { name: name, value: Number(raw), text: raw };
  }

  function option(data) {
    var base = { color: PALETTE, animation: false, textStyle: { fontFamily: "sans-serif" }, aria: { enabled: false } };
    var text = function (p) { return p.data.text; };
    if (data.kind === "pie") {
      base.tooltip = { trigger: "item", formatter: function (p) { return p.name + "<br>" + p.data.text + " 万元"; } };
      base.series = [{
        type: "pie", radius: ["32%", "60%"], avoidLabelOverlap: true,
        label: { formatter: function (p) { return p.name + "\n" + p.data.text; }, width: 110, overflow: "break" },
        data: data.labels.map(function (name, i) { return point(data.series[0][i], name); })
      }];
      return base;
    }
    base.tooltip = {
      trigger: "axis", axisPointer: { type: "shadow" },
      formatter: function (items) {
        return items[0].name + items.map(function (p) {
          return "<br>" + p.marker + p.seriesName + "：" + p.data.text + " 万元";
        }).join("");
      }
    };
    base.grid = { left: 8, right: 56, top: data.columns.length > 1 ? 30 : 10, bottom: 8, containLabel: true };
    if (data.columns.length > 1) { base.legend = { data: data.columns, top: 0 }; }
    base.xAxis = { type: "value", axisLabel: { hideOverlap: true } };
    base.yAxis = { type: "category", inverse: true, data: data.labels, axisLabel: { width: 120, overflow: "break" } };
    base.series = data.columns.map(function (name, i) {
      return {
        type: "bar", name: name, barMaxWidth: 26,
        label: { show: true, position: "right", fontSize: 11, formatter: text },
        data: data.labels.map(function (label, j) { return point(data.series[i][j], label); })
      };
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
      document.documentElement.classList.add("charts-on");
      Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), setupChart);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
}());
