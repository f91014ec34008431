// Similarity view: pick a model and tasks; GET /similarity of the tuned prompts and of the task
// prompt vectors, drawn side by side as heatmaps (the paper's Figure 2).
import { getJSON, queryString } from "./api.js";
import { models, tasksOf } from "./catalog.js";
import { el, fillSelect, setStatus } from "./dom.js";
import { heatmap, legend } from "./heatmap.js";

const panels = [
  { of: "prompts", caption: "Task prompts θ" },
  { of: "vectors", caption: "Task prompt vectors τ" },
];

export function similarityView() {
  const form = document.getElementById("similarity-form");
  const taskBox = document.getElementById("similarity-tasks");
  const figures = document.getElementById("similarity-figures");
  const status = document.getElementById("similarity-status");
  const readout = document.getElementById("similarity-readout");

  async function loadTasks() {
    const tasks = await tasksOf(form.model.value);
    const checked = new Set([...taskBox.querySelectorAll("input:checked")].map((i) => i.value));
    const keep = tasks.some((t) => checked.has(t.task));
    taskBox.replaceChildren(...tasks.map((t) => el("label", {},
      el("input", { type: "checkbox", name: "task", value: t.task, checked: keep ? checked.has(t.task) : true }),
      ` ${t.task} `, el("span", { class: "muted" }, `(seed${t.seeds.length === 1 ? "" : "s"} ${t.seeds.join(", ")})`))));
  }

  async function draw() {
    const tasks = [...taskBox.querySelectorAll("input:checked")].map((i) => i.value);
    if (tasks.length === 0) {
      figures.replaceChildren();
      setStatus(status, "Pick at least one task.", { error: true });
      return;
    }
    setStatus(status, "Computing…");
    try {
      const results = await Promise.all(panels.map(({ of }) =>
        getJSON("/similarity" + queryString({ model: form.model.value, tasks: tasks.join(","), of }))));
      figures.replaceChildren(
        ...results.map((result, i) => heatmap({
          ...result, caption: panels[i].caption, kind: panels[i].of,
          onPoint: (text) => { readout.textContent = text; },
        })),
        legend());
      const csv = (of) => "/similarity" + queryString({ model: form.model.value, tasks: tasks.join(","), of, format: "csv" });
      setStatus(status, "");
      status.append(`${tasks.length} tasks of ${results[0].model}. CSV: `,
        el("a", { href: csv("prompts"), download: "similarity-prompts.csv" }, "prompts"), ", ",
        el("a", { href: csv("vectors"), download: "similarity-vectors.csv" }, "vectors"), ".");
      readout.textContent = "Point at or tap a cell for its exact value.";
    } catch (error) {
      figures.replaceChildren();
      setStatus(status, error.message, { error: true });
    }
  }

  form.model.addEventListener("change", async () => {
    try { await loadTasks(); await draw(); } catch (error) { setStatus(status, error.message, { error: true }); }
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); draw(); });

  return {
    async show() {
      try {
        const withVectors = (await models()).filter((m) => m.vectors > 0);
        if (withVectors.length === 0) {
          setStatus(status, "No vectors stored yet: upload some with POST /vectors.");
          return;
        }
        fillSelect(form.model, withVectors.map((m) => ({ value: m.model })));
        await loadTasks();
        await draw();
      } catch (error) {
        setStatus(status, error.message, { error: true });
      }
    },
  };
}
