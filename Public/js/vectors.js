// Vectors view: the table of GET /vectors, filtered by model, task and seed, with every download.
import { getJSON, queryString } from "./api.js";
import { peftDownloads } from "./capabilities.js";
import { models, tasksOf } from "./catalog.js";
import { el, fillSelect, formatBytes, formatDate, metricLines, setStatus } from "./dom.js";

const pageSize = 25;
const formats = ["safetensors", "npy", "json"];

export function vectorsView() {
  const form = document.getElementById("vectors-filter");
  const body = document.querySelector("#vectors-table tbody");
  const status = document.getElementById("vectors-status");
  const previous = document.getElementById("vectors-previous");
  const next = document.getElementById("vectors-next");
  let offset = 0;

  async function loadPickers() {
    const [all, tasks] = await Promise.all([models(), tasksOf(undefined)]);
    fillSelect(form.model, [{ value: "", label: "all models" },
      ...all.filter((m) => m.vectors > 0).map((m) => ({ value: m.model }))]);
    const names = [...new Set(tasks.map((t) => t.task))].sort();
    document.getElementById("vectors-tasks").replaceChildren(...names.map((task) => el("option", { value: task })));
  }

  async function load() {
    const filter = Object.fromEntries(new FormData(form));
    setStatus(status, "Loading…");
    try {
      const page = await getJSON("/vectors" + queryString({ ...filter, limit: pageSize, offset }));
      const peft = page.items.length ? await peftDownloads(`/vectors/${page.items[0].id}/data?format=peft`) : false;
      body.replaceChildren(...page.items.map((vector) => row(vector, peft)));
      const last = Math.min(offset + page.items.length, page.total);
      setStatus(status, page.total === 0 ? "No vectors match." :
        `${page.total} vector${page.total === 1 ? "" : "s"}` + (page.total > pageSize ? `, showing ${offset + 1}–${last}` : ""));
      previous.disabled = offset === 0;
      next.disabled = last >= page.total;
    } catch (error) {
      body.replaceChildren();
      setStatus(status, error.message, { error: true });
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); offset = 0; load(); });
  form.addEventListener("reset", () => { offset = 0; setTimeout(load); });
  previous.addEventListener("click", () => { offset = Math.max(0, offset - pageSize); load(); });
  next.addEventListener("click", () => { offset += pageSize; load(); });

  return {
    async show() {
      try { await loadPickers(); } catch (error) { setStatus(status, error.message, { error: true }); return; }
      await load();
    },
  };
}

const columns = ["id", "model", "task", "seed", "shape", "owner", "size", "created", "metrics", "provenance", "download"];

function row(vector, peft) {
  const metrics = metricLines(vector.metrics);
  const cells = [
    String(vector.id), vector.model, vector.task, String(vector.seed), vector.shape.join(" × "), vector.owner,
    formatBytes(vector.size_bytes),
    el("time", { datetime: vector.created, title: vector.created }, formatDate(vector.created)),
    metrics.length ? el("div", {}, ...metrics.map((line) => el("div", {}, line))) : "—",
    provenance(vector),
    downloads(vector, peft),
  ];
  // data-label names the column where a narrow screen shows each row as a card.
  return el("tr", { "data-vector-id": vector.id },
    ...cells.map((content, i) => el("td", { "data-label": columns[i], class: columns[i] }, content)));
}

function provenance(vector) {
  const info = vector.provenance;
  if (!info && !vector.source && !vector.description) return "—";
  const summary = info?.job_id ? `job ${info.job_id}` : vector.source || "details";
  const details = { description: vector.description, source: vector.source, provenance: info };
  for (const key of Object.keys(details)) if (details[key] === null) delete details[key];
  return el("details", {}, el("summary", {}, summary), el("pre", {}, JSON.stringify(details, null, 2)));
}

function downloads(vector, peft) {
  const parts = [["tau", "τ"]];
  if (vector.has_tuned || vector.init_id !== null) parts.push(["tuned", "θ"]);
  if (vector.init_id !== null) parts.push(["init", "init"]);
  const list = el("dl", { class: "downloads" });
  for (const [part, symbol] of parts) {
    const links = formats.map((format) => el("a", {
      href: `/vectors/${vector.id}/data` + queryString({ format, part: part === "tau" ? "" : part }),
      download: "", "aria-label": `${part} of vector ${vector.id} as ${format}`,
    }, format));
    list.append(el("dt", {}, symbol), el("dd", {}, ...links));
  }
  if (peft) {
    list.append(el("dt", {}, "PEFT"), el("dd", {}, el("a", {
      href: `/vectors/${vector.id}/data?format=peft`, download: "", "aria-label": `PEFT adapter of vector ${vector.id}`,
    }, "adapter")));
  }
  return list;
}
