// The job submission form: its fields as a POST /jobs body, sent with the pasted bearer token.
import { sendJSON } from "./api.js";
import { models, trainableTasks } from "./catalog.js";
import { fillSelect, setStatus } from "./dom.js";
import { savedToken, saveToken } from "./token.js";

const integers = ["seed", "shots", "epochs", "max_steps", "batch_size", "prompt_length", "max_length",
  "validation_limit", "evaluation_interval"];

export function jobForm({ onSubmitted }) {
  const form = document.getElementById("job-form");
  const status = document.getElementById("job-form-status");
  const initFields = { vector: [form.init_vector], compose: [form.init_tasks, form.init_lambda] };

  function syncInitFields() {
    for (const [kind, fields] of Object.entries(initFields)) {
      for (const field of fields) field.disabled = form.init.value !== kind;
    }
  }

  function body() {
    const job = { model: form.model.value, task: form.task.value };
    for (const name of integers) if (form[name].value !== "") job[name] = Number(form[name].value);
    if (form.learning_rate.value !== "") job.learning_rate = Number(form.learning_rate.value);
    if (form.store_as.value.trim() !== "") job.store_as = form.store_as.value.trim();
    switch (form.init.value) {
      case "vector": job.init = { vector: Number(form.init_vector.value) }; break;
      case "compose": job.init = { compose: { tasks: form.init_tasks.value.trim(), lambda: Number(form.init_lambda.value) } }; break;
      default: job.init = { random: true };
    }
    return job;
  }

  form.token.addEventListener("input", () => saveToken(form.token.value.trim()));
  form.addEventListener("change", (event) => { if (event.target.name === "init") syncInitFields(); });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    setStatus(status, "Submitting…");
    try {
      const job = await sendJSON("POST", "/jobs", body(), form.token.value.trim());
      setStatus(status, `Job ${job.id} is ${job.status}.`);
      onSubmitted(job);
    } catch (error) {
      setStatus(status, error.message, { error: true });
    }
  });

  return {
    token: () => form.token.value.trim(),
    async show() {
      if (!form.token.value) form.token.value = savedToken();
      syncInitFields();
      try {
        const [all, tasks] = await Promise.all([models(), trainableTasks()]);
        const trainable = all.filter((m) => m.trainable);
        fillSelect(form.model, trainable.map((m) => ({ value: m.model })));
        fillSelect(form.task, tasks.map((task) => ({ value: task })));
        if (trainable.length === 0) setStatus(status, "No model is installed on this hub, so it cannot train (scripts/install-model.sh).", { error: true });
        else if (tasks.length === 0) setStatus(status, "No task has a train split yet: upload one with POST /datasets/{task}?split=train.", { error: true });
      } catch (error) {
        setStatus(status, error.message, { error: true });
      }
    },
  };
}
