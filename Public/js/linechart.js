// A small SVG line chart (loss per step, score per lambda) that redraws from its points.
import { svg } from "./dom.js";

const width = 360;
const height = 150;
const margin = { left: 46, right: 10, top: 10, bottom: 30 };

function extent(values) {
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (low === high) { low -= 0.5; high += 0.5; }
  return [low, high];
}

function label(value) {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 0.01 || magnitude >= 1e4) ? value.toExponential(1) : String(Number(value.toFixed(3)));
}

/// points: [{x, y}] in order of x; marks: points drawn as dots (e.g. evaluations).
export function lineChart({ points, marks = [], xLabel, yLabel, title }) {
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "chart", role: "img",
    "aria-label": `${title}: ${points.length} points` + (points.length ? `, last ${yLabel} ${label(points.at(-1).y)}` : "") });
  root.append(svg("title", {}, title));
  const plotted = [...points, ...marks];
  if (plotted.length === 0) {
    root.append(svg("text", { x: width / 2, y: height / 2, class: "axis", "text-anchor": "middle" }, `no ${yLabel} yet`));
    return root;
  }
  const [x0, x1] = extent(plotted.map((p) => p.x));
  const [y0, y1] = extent(plotted.map((p) => p.y));
  const sx = (x) => margin.left + (x - x0) / (x1 - x0) * (width - margin.left - margin.right);
  const sy = (y) => height - margin.bottom - (y - y0) / (y1 - y0) * (height - margin.top - margin.bottom);
  const bottom = height - margin.bottom;
  root.append(
    svg("line", { x1: margin.left, y1: bottom, x2: width - margin.right, y2: bottom, class: "frame" }),
    svg("line", { x1: margin.left, y1: margin.top, x2: margin.left, y2: bottom, class: "frame" }),
    svg("text", { x: margin.left - 4, y: sy(y1), class: "axis", "text-anchor": "end", "dominant-baseline": "middle" }, label(y1)),
    svg("text", { x: margin.left - 4, y: sy(y0), class: "axis", "text-anchor": "end", "dominant-baseline": "middle" }, label(y0)),
    svg("text", { x: margin.left, y: bottom + 14, class: "axis", "text-anchor": "start" }, label(x0)),
    svg("text", { x: width - margin.right, y: bottom + 14, class: "axis", "text-anchor": "end" }, label(x1)),
    svg("text", { x: (width + margin.left) / 2, y: height - 3, class: "axis", "text-anchor": "middle" }, xLabel),
    svg("text", { x: 12, y: (margin.top + bottom) / 2, class: "axis", "text-anchor": "middle",
      transform: `rotate(-90 12 ${(margin.top + bottom) / 2})` }, yLabel));
  if (points.length > 0) {
    root.append(svg("polyline", { class: "line", fill: "none",
      points: points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ") }));
  }
  for (const m of marks) root.append(svg("circle", { class: "mark", cx: sx(m.x), cy: sy(m.y), r: 3 }));
  return root;
}
