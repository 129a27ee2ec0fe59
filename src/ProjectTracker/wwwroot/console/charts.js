"use strict";
// Two small charts drawn as inline SVG (no charting library: the zone's network may have none to
// offer). Attributes only, no style attribute (the pages' CSP allows no inline style); the SVG scales
// to its box (viewBox), so it fits a phone's width. Labels are set with textContent.
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = String(text);
  return e;
}
// Vertical bars, one per point ({label, value in 0..1 or null}), each labelled with its percentage ("—": nothing judged).
function rateChart(id, title, points) {
  const W = 600, H = 240, top = 30, bottom = 40, left = 40, slot = (W - left - 10) / Math.max(points.length, 1);
  const chart = svg("svg", { id, class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title });
  chart.append(svg("title", {}, title));
  const plot = H - top - bottom;
  for (const pct of [0, 0.5, 1]) {
    const y = top + plot * (1 - pct);
    chart.append(svg("line", { x1: left, x2: W - 10, y1: y, y2: y, stroke: "#ccc" }), svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", "font-size": 11 }, `${pct * 100}%`));
  }
  points.forEach((p, i) => {
    const x = left + i * slot + slot * 0.2, w = slot * 0.6, h = p.value === null ? 0 : plot * p.value;
    const bar = svg("rect", { x, y: top + plot - h, width: w, height: h, fill: p.value !== null && p.value < 0.9 ? "#b86e00" : "#2a7", class: "bar" });
    bar.dataset.label = p.label; bar.dataset.value = p.value === null ? "" : p.value;
    chart.append(bar,
      svg("text", { x: x + w / 2, y: top + plot - h - 6, "text-anchor": "middle", "font-size": 12 }, p.value === null ? "—" : `${(p.value * 100).toFixed(1)}%`),
      svg("text", { x: x + w / 2, y: H - bottom + 18, "text-anchor": "middle", "font-size": 12 }, p.label));
  });
  return chart;
}
// Horizontal stacked bars, one per unit ({label, parts: [{value, color, name}]}), the total at the end.
function stackChart(id, title, rows, legend) {
  const W = 600, line = 26, top = 28, labelW = 220, right = 40;
  const H = top + Math.max(rows.length, 1) * line + 10;
  const max = Math.max(1, ...rows.map(r => r.parts.reduce((s, p) => s + p.value, 0)));
  const chart = svg("svg", { id, class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": title });
  chart.append(svg("title", {}, title));
  let lx = labelW;
  for (const l of legend) {
    chart.append(svg("rect", { x: lx, y: 6, width: 12, height: 12, fill: l.color }), svg("text", { x: lx + 16, y: 16, "font-size": 12 }, l.name));
    lx += 130;
  }
  if (rows.length === 0) chart.append(svg("text", { x: 10, y: top + 16, "font-size": 12 }, t("empty")));
  rows.forEach((r, i) => {
    const y = top + i * line;
    const name = r.label.length > 18 ? r.label.slice(0, 17) + "…" : r.label;
    chart.append(svg("text", { x: labelW - 8, y: y + 16, "text-anchor": "end", "font-size": 12 }, name));
    let x = labelW, total = 0;
    for (const p of r.parts) {
      const w = (W - labelW - right) * p.value / max;
      if (w > 0) chart.append(svg("rect", { x, y: y + 4, width: w, height: 16, fill: p.color }));
      x += w; total += p.value;
    }
    const sum = svg("text", { x: x + 4, y: y + 16, "font-size": 12, class: "total" }, total);
    sum.dataset.unit = r.label;
    chart.append(sum);
  });
  return chart;
}
