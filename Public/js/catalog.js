// What the hub holds, for the pickers of every view: models, tasks, init seeds, datasets.
import { getJSON, queryString } from "./api.js";

export async function models() {
  return (await getJSON("/models")).items;
}

/// Tasks with vectors for a model: [{task, seeds, vectors}].
export async function tasksOf(model) {
  return (await getJSON("/tasks" + queryString({ model }))).items;
}

/// Seeds that have a stored init for a model, ascending.
export async function initSeeds(model) {
  const items = (await getJSON("/inits" + queryString({ model }))).items;
  return items.map((i) => i.seed).sort((a, b) => a - b);
}

/// Dataset tasks that have a train split (what a job can train on).
export async function trainableTasks() {
  const items = (await getJSON("/datasets")).items;
  return items.filter((t) => t.splits && t.splits.train).map((t) => t.task);
}
