// pactgraph web UI: evidence links, charts, network and map. Pages work without this file;
// it only adds interaction over data the page carries (JSON blocks) or fetches from /api.
(function () {
  "use strict";

  const TYPE_COLORS = {agreement: "#2f6fdf", visit: "#1f9d74", meeting: "#d98b1b", project: "#8a4fd1", other: "#7b8494"};
  const KIND_COLORS = {company: "#2f6fdf", government: "#c2412d", party: "#a3174a", association: "#1f9d74", other: "#7b8494"};

  function readJSON(id) {
    const el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  // -- evidence: link from a value to its spans in the text ------------------
  function spansFor(id) {
    return document.querySelectorAll('[data-spans~="' + CSS.escape(id) + '"]');
  }
  function flash(id) {
    document.querySelectorAll(".hl.flash").forEach((el) => el.classList.remove("flash"));
    const els = spansFor(id);
    els.forEach((el) => el.classList.add("flash"));
    if (els.length) els[0].scrollIntoView({block: "center", behavior: "smooth"});
  }
  function initEvidence() {
    document.querySelectorAll(".ev-link[data-span]").forEach((a) => {
      const id = a.getAttribute("data-span");
      a.addEventListener("mouseenter", () => spansFor(id).forEach((el) => el.classList.add("hover")));
      a.addEventListener("mouseleave", () => spansFor(id).forEach((el) => el.classList.remove("hover")));
      a.addEventListener("click", (ev) => { ev.preventDefault(); history.replaceState(null, "", "#" + id); flash(id); });
    });
    if (location.hash.length > 1) flash(location.hash.slice(1));
  }

  // -- dashboard: events per month ---------------------------------------------
  function initMonths() {
    const el = document.getElementById("chart-months");
    const data = readJSON("data-months");
    if (!el || !data || !window.echarts) return;
    const chart = echarts.init(el, null, {renderer: "canvas"});
    const types = Object.keys(TYPE_COLORS);
    chart.setOption({
      grid: {left: 40, right: 16, top: 30, bottom: 50},
      tooltip: {trigger: "axis"},
      legend: {top: 0, data: types},
      xAxis: {type: "category", data: data.map((d) => d.month)},
      yAxis: {type: "value", minInterval: 1},
      dataZoom: data.length > 36 ? [{type: "slider", start: 100 - Math.round(3600 / data.length), end: 100, height: 16, bottom: 4}] : [],
      series: types.map((t) => ({name: t, type: "bar", stack: "events", data: data.map((d) => d[t]),
                                 itemStyle: {color: TYPE_COLORS[t]}, barMaxWidth: 28})),
    });
    chart.on("click", (p) => { location.href = "/events?since=" + p.name + "&until=" + p.name + "&type=" + p.seriesName; });
    window.addEventListener("resize", () => chart.resize());
  }

  // -- network -------------------------------------------------------------------
  function initNetwork() {
    const el = document.getElementById("network");
    if (!el || !window.cytoscape) return;
    const status = document.getElementById("network-status");
    fetch("/api/graph?" + el.getAttribute("data-query") + "&limit=120", {headers: {Accept: "application/json"}})
      .then((r) => r.json())
      .then((g) => {
        if (!g.nodes || !g.nodes.length) { status.textContent = "No organizations match these filters."; return; }
        const maxEvents = Math.max(...g.nodes.map((n) => n.events || 1));
        const labelled = new Set(g.nodes.filter((n) => n.type === "org").sort((a, b) => (b.events || 0) - (a.events || 0))
          .slice(0, 40).map((n) => n.id));
        const elements = g.nodes.map((n) => ({position: {x: n.x || 0, y: n.y || 0}, data: {id: n.id,
          label: n.type === "event" || !labelled.has(n.id) ? "" : (n.short || n.label),
          title: n.title || n.label, url: n.url, kind: n.type === "event" ? "event" : (n.kind || "other"),
          size: n.type === "event" ? 10 : 14 + 36 * Math.sqrt((n.events || 1) / maxEvents)}}))
          .concat(g.edges.map((e) => ({data: {id: e.id, source: e.source, target: e.target, weight: e.weight}})));
        const cy = cytoscape({
          container: el, elements: elements,
          style: [
            {selector: "node", style: {"background-color": (n) => n.data("kind") === "event" ? "#d98b1b" : (KIND_COLORS[n.data("kind")] || "#7b8494"),
              width: "data(size)", height: "data(size)", label: "data(label)", "font-size": 9, color: "#1d2433",
              "text-valign": "bottom", "text-margin-y": 3, "text-max-width": 120, "text-wrap": "ellipsis",
              "font-family": "sans-serif"}},
            {selector: "node[kind = 'event']", style: {shape: "diamond"}},
            {selector: "edge", style: {width: (e) => Math.min(1 + e.data("weight"), 8), "line-color": "#b8c2d6", "curve-style": "haystack", opacity: 0.8}},
            {selector: "node:selected", style: {"border-width": 3, "border-color": "#111"}},
          ],
          // positions come from the server's seeded layout: the same selection always looks the same
          layout: {name: "preset", fit: true, padding: 24},
        });
        cy.on("tap", "node", (ev) => { const url = ev.target.data("url"); if (url) location.href = url; });
        cy.on("mouseover", "node", (ev) => { el.title = ev.target.data("title") || ""; });
        status.textContent = g.nodes.filter((n) => n.type === "org").length + " organizations, " + g.edges.length +
          " links, from " + g.events + " events" + (g.truncated ? " (the most connected organizations only)" : "") + ". Click a node to open it.";
        el.setAttribute("data-ready", "1");
      })
      .catch(() => { status.textContent = "The network could not be loaded."; });
  }

  // -- map -----------------------------------------------------------------------
  function initMap() {
    const el = document.getElementById("map");
    const rows = readJSON("data-provinces");
    if (!el || !rows || !window.echarts) return;
    fetch("/static/vendor/china.json").then((r) => r.json()).then((geo) => {
      echarts.registerMap("china", geo);
      const chart = echarts.init(el);
      const max = Math.max(1, ...rows.map((r) => r.events));
      chart.setOption({
        tooltip: {trigger: "item", formatter: (p) => p.name + (p.data ? " · " + p.data.en + ": " + p.data.value + " events" : "")},
        visualMap: {min: 0, max: max, left: 10, bottom: 10, text: ["more", "fewer"], calculable: true,
                    inRange: {color: ["#e8eefb", "#7aa2ec", "#1f4fb8"]}},
        series: [{type: "map", map: "china", roam: true, zoom: 1.15, center: [104, 36],
                  label: {show: false}, emphasis: {label: {show: true}},
                  itemStyle: {borderColor: "#fff", areaColor: "#f1f3f7"},
                  data: rows.map((r) => ({name: r.name, value: r.events, en: r.en}))}],
      });
      chart.on("click", (p) => { if (p.data && p.data.en) location.href = "/events?province=" + encodeURIComponent(p.data.en); });
      window.addEventListener("resize", () => chart.resize());
      el.setAttribute("data-ready", "1");
    });
  }

  // -- search: matching events per month ---------------------------------------
  function initTimeline() {
    const el = document.getElementById("chart-timeline");
    const data = readJSON("data-timeline");
    if (!el || !data || !window.echarts) return;
    const chart = echarts.init(el, null, {renderer: "canvas"});
    chart.setOption({
      grid: {left: 40, right: 16, top: 16, bottom: 30}, tooltip: {trigger: "axis"},
      xAxis: {type: "category", data: data.map((d) => d.month)}, yAxis: {type: "value", minInterval: 1},
      series: [{type: "bar", data: data.map((d) => d.events), itemStyle: {color: "#2f6fdf"}, barMaxWidth: 24}],
    });
    const q = new URLSearchParams(location.search).get("q") || "";
    chart.on("click", (p) => { location.href = "/events?q=" + encodeURIComponent(q) + "&since=" + p.name + "&until=" + p.name; });
    el.setAttribute("data-ready", "1");
  }

  // -- map of event places ------------------------------------------------------------
  function initPoints() {
    const el = document.getElementById("point-map");
    const points = readJSON("data-points");
    if (!el || !points || !window.echarts) return;
    fetch("/static/vendor/china.json").then((r) => r.json()).then((geo) => {
      echarts.registerMap("china", geo);
      const chart = echarts.init(el);
      const max = Math.max(1, ...points.map((p) => p.events));
      chart.setOption({
        tooltip: {trigger: "item", formatter: (p) => p.data ? p.data.name + " · " + p.data.value[2] + " events" : ""},
        geo: {map: "china", roam: true, zoom: 1.15, center: [104, 36], itemStyle: {areaColor: "#f1f3f7", borderColor: "#c9d1e0"},
              emphasis: {disabled: true}},
        series: [{type: "scatter", coordinateSystem: "geo", symbolSize: (v) => 6 + 18 * Math.sqrt(v[2] / max),
                  itemStyle: {color: "#c2412d", opacity: 0.75},
                  data: points.map((p) => ({name: p.name, value: [p.lon, p.lat, p.events], url: p.url}))}],
      });
      chart.on("click", (p) => { if (p.data && p.data.url) location.href = p.data.url; });
      window.addEventListener("resize", () => chart.resize());
      el.setAttribute("data-ready", "1");
      el.setAttribute("data-points", String(points.length));
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    initEvidence();
    initMonths();
    initNetwork();
    initMap();
    initTimeline();
    initPoints();
  });
})();
