// Small helpers to build elements and format numbers; no framework.

/// el("a", {href: "/x", class: "y", onclick: f}, "text", child): attributes, listeners, children.
export function el(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

const svgNamespace = "http://www.w3.org/2000/svg";

export function svg(tag, attributes = {}, ...children) {
  return build(document.createElementNS(svgNamespace, tag), attributes, children);
}

function build(node, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/// Shows a message in a status line; errors are marked so they stand out and are announced.
export function setStatus(node, message, { error = false } = {}) {
  node.textContent = message;
  node.classList.toggle("error", error);
}

/// Replaces a select's options, keeping the chosen value when it is still offered.
export function fillSelect(select, options, { keep = true } = {}) {
  const previous = select.value;
  select.replaceChildren(...options.map(({ value, label }) => el("option", { value }, label ?? value)));
  if (keep && options.some((o) => String(o.value) === previous)) select.value = previous;
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/// "2025-01-31 12:34" (UTC) from the hub's ISO 8601 timestamps.
export function formatDate(iso) {
  const match = typeof iso === "string" && iso.match(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/);
  return match ? `${match[1]} ${match[2]}` : String(iso ?? "");
}

export function formatSeconds(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(s / 60);
  return `${minutes}:${String(s % 60).padStart(2, "0")}`;
}

/// Metrics objects, nested or not, as "validation macro_f1 0.812" lines.
export function metricLines(metrics, prefix = "") {
  if (metrics === null || typeof metrics !== "object") return [];
  const lines = [];
  for (const [key, value] of Object.entries(metrics)) {
    const name = prefix ? `${prefix} ${key}` : key;
    if (value !== null && typeof value === "object") lines.push(...metricLines(value, name));
    else lines.push(`${name} ${typeof value === "number" && !Number.isInteger(value) ? value.toFixed(3) : value}`);
  }
  return lines;
}
