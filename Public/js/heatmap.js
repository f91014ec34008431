// Task x task heatmaps as SVG, on one fixed diverging colour scale from -1 to 1 so that
// figures drawn side by side compare by colour.
import { el, svg } from "./dom.js";

const negative = [33, 102, 172];   // cosine -1
const neutral = [247, 247, 247];   // cosine 0
const positive = [178, 24, 43];    // cosine 1

export function colour(value) {
  const t = Math.max(-1, Math.min(1, value));
  const [from, to, f] = t < 0 ? [neutral, negative, -t] : [neutral, positive, t];
  const channel = (i) => Math.round(from[i] + (to[i] - from[i]) * f);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

/// Dark text on pale cells, white on saturated ones.
function ink(value) {
  return Math.abs(value) > 0.55 ? "#fff" : "#1b1f24";
}

const cell = 46;
const charWidth = 7.2;

/// The heatmap of one similarity matrix; `onPoint(text)` hears which cell is under the pointer.
export function heatmap({ tasks, matrix, pairs, caption, kind, onPoint }) {
  const label = Math.ceil(Math.max(...tasks.map((t) => t.length)) * charWidth) + 10;
  const top = Math.ceil(label * 0.72) + 8;
  const width = label + tasks.length * cell + top;  // rotated column labels lean right
  const height = top + tasks.length * cell + 4;
  const seedsOf = (a, b) => pairs.filter((p) => p.task_a === a && p.task_b === b).length;
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, width, height, class: "heatmap", role: "img", "data-kind": kind,
    "aria-label": `${caption}: cosine similarity of ${tasks.length} tasks`,
  });
  tasks.forEach((task, i) => {
    root.append(svg("text", { x: label - 6, y: top + i * cell + cell / 2, class: "axis", "text-anchor": "end",
      "dominant-baseline": "middle" }, task));
    const x = label + i * cell + cell / 2;
    root.append(svg("text", { x, y: top - 6, class: "axis", transform: `rotate(-45 ${x} ${top - 6})` }, task));
  });
  matrix.forEach((values, i) => values.forEach((value, j) => {
    const describe = `${tasks[i]} × ${tasks[j]}: ${value.toFixed(4)} (mean of ${seedsOf(tasks[i], tasks[j])} seed pairs)`;
    const x = label + j * cell;
    const y = top + i * cell;
    const rect = svg("rect", {
      x, y, width: cell - 2, height: cell - 2, fill: colour(value),
      "data-row": tasks[i], "data-col": tasks[j], "data-value": String(value),
    }, svg("title", {}, `${caption}: ${describe}`));
    rect.addEventListener("pointerenter", () => onPoint?.(`${caption}: ${describe}`));
    root.append(rect, svg("text", {
      x: x + (cell - 2) / 2, y: y + (cell - 2) / 2, class: "value", fill: ink(value),
      "text-anchor": "middle", "dominant-baseline": "central",
    }, (Math.abs(value) < 0.005 ? 0 : value).toFixed(2)));  // no "-0.00"
  }));
  return el("figure", { class: "similarity" },
    el("figcaption", {}, caption),
    root,
    valuesTable(tasks, matrix, caption));
}

/// The same numbers as a table: for keyboards and screen readers, and to copy.
function valuesTable(tasks, matrix, caption) {
  return el("details", {},
    el("summary", {}, "Values"),
    el("div", { class: "scroll", tabindex: 0, role: "region", "aria-label": `${caption} values` },
      el("table", {},
        el("thead", {}, el("tr", {}, el("td"), ...tasks.map((t) => el("th", { scope: "col" }, t)))),
        el("tbody", {}, ...matrix.map((values, i) => el("tr", {},
          el("th", { scope: "row" }, tasks[i]),
          ...values.map((v) => el("td", {}, v.toFixed(4)))))))));
}

/// The colour scale, -1 to 1.
export function legend() {
  const width = 240;
  const stops = [-1, -0.5, 0, 0.5, 1];
  const gradient = svg("linearGradient", { id: "similarity-scale" },
    ...stops.map((s) => svg("stop", { offset: `${(s + 1) * 50}%`, "stop-color": colour(s) })));
  return el("figure", { class: "legend" },
    svg("svg", { viewBox: `0 0 ${width + 20} 38`, width: width + 20, height: 38, role: "img",
      "aria-label": "Colour scale: blue for cosine -1, white for 0, red for 1" },
      svg("defs", {}, gradient),
      svg("rect", { x: 10, y: 2, width, height: 14, fill: "url(#similarity-scale)", stroke: "#8c959f" }),
      ...stops.map((s) => svg("text", { x: 10 + (s + 1) / 2 * width, y: 32, class: "axis", "text-anchor": "middle" }, String(s)))),
    el("figcaption", {}, "cosine similarity"));
}
