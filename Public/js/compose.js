// Compose view: tasks with weights, lambda and the init's seed; the formula; the download
// (GET /compose in each format the hub serves) and the matching curl command.
import { call, queryString } from "./api.js";
import { peftDownloads } from "./capabilities.js";
import { initSeeds, models, tasksOf } from "./catalog.js";
import { formulaText, termsParameter } from "./composition.js";
import { el, fillSelect, setStatus } from "./dom.js";

const baseFormats = ["safetensors", "npy", "json"];

/// An empty or half-typed number field is no number (Number("") would be 0).
function numberOf(input) {
  return input.value.trim() === "" ? NaN : Number(input.value);
}

export function composeView() {
  const form = document.getElementById("compose-form");
  const termsBox = document.getElementById("compose-terms");
  const formatsBox = document.getElementById("compose-formats");
  const formula = document.getElementById("compose-formula");
  const hubFormula = document.getElementById("compose-hub-formula");
  const status = document.getElementById("compose-status");
  const download = document.getElementById("compose-download");
  const curl = document.getElementById("compose-curl");
  const copy = document.getElementById("compose-copy");
  let peft = false;
  let checking = 0;
  let timer;

  function showFormats() {
    const chosen = form.elements.format?.value || "safetensors";
    const offered = [...baseFormats, ...(peft && form.seed.value !== "none" ? ["peft"] : [])];
    formatsBox.replaceChildren(...offered.map((format) => el("label", {},
      el("input", { type: "radio", name: "format", value: format, checked: format === (offered.includes(chosen) ? chosen : "safetensors") }),
      ` ${format === "peft" ? "PEFT adapter" : format}`)));
  }

  /// The model's tasks and init seeds, fetched again each time so new vectors show up; the
  /// choices made for tasks still listed are kept (the first two tasks start included).
  async function loadModel({ keepChoices }) {
    const model = form.model.value;
    const [tasks, seeds] = await Promise.all([tasksOf(model), initSeeds(model)]);
    fillSelect(form.seed, [...seeds.map((s) => ({ value: String(s), label: `seed ${s}` })),
      { value: "none", label: "no init (λ · Σ only)" }]);
    const previous = keepChoices ? new Map(composition().all.map((t) => [t.task, t])) : new Map();
    termsBox.replaceChildren(...tasks.map((t, i) => termRow(t, previous.get(t.task) ?? { included: previous.size === 0 && i < 2 })));
  }

  function termRow(task, { included, weight = 1, seed = "" }) {
    const pin = el("select", { name: "pin", "aria-label": `seed of ${task.task}'s vector` },
      el("option", { value: "" }, "init's"), ...task.seeds.map((s) => el("option", { value: String(s) }, String(s))));
    if (task.seeds.map(String).includes(seed)) pin.value = seed;
    return el("div", { class: "term", "data-task": task.task },
      el("label", { class: "task" }, el("input", { type: "checkbox", name: "include", value: task.task, checked: included }), ` ${task.task}`),
      el("label", {}, "weight ", el("input", { type: "number", name: "weight", step: "0.1", value: Number.isFinite(weight) ? String(weight) : "",
        "aria-label": `weight of ${task.task}` })),
      el("label", {}, "seed ", pin));
  }

  function composition() {
    const all = [...termsBox.querySelectorAll(".term")].map((row) => ({
      task: row.dataset.task,
      included: row.querySelector("[name=include]").checked,
      weight: numberOf(row.querySelector("[name=weight]")),
      seed: row.querySelector("[name=pin]").value,
    }));
    return { model: form.model.value, all, terms: all.filter((t) => t.included), lambda: numberOf(form.lambda),
      seed: form.seed.value, format: form.elements.format?.value || "safetensors" };
  }

  function url(c, format = c.format) {
    return "/compose" + queryString({
      model: c.model, tasks: termsParameter(c.terms), lambda: c.lambda,
      seed: c.seed === "none" ? "" : c.seed, init: c.seed === "none" ? "none" : "", format,
    });
  }

  function disable(message, error) {
    download.removeAttribute("href");
    download.setAttribute("aria-disabled", "true");
    hubFormula.textContent = "";
    setStatus(status, message, { error });
  }

  async function check() {
    const c = composition();
    const ticket = ++checking;
    if (c.terms.length === 0) { formula.textContent = ""; curl.textContent = ""; disable("Pick at least one task.", true); return; }
    if (c.terms.some((t) => !Number.isFinite(t.weight)) || !Number.isFinite(c.lambda)) {
      disable("Weights and λ must be numbers.", true);
      return;
    }
    formula.textContent = formulaText(c);
    const target = url(c);
    curl.textContent = `curl -OJ "${location.origin}${target}"`;
    setStatus(status, "Checking…");
    try {
      const response = await call("HEAD", target);
      if (ticket !== checking) return;
      // Asked once, with the first composition the hub accepts (a PEFT adapter needs an init).
      if (!peft && c.seed !== "none" && await peftDownloads(url(c, "peft"))) {
        peft = true;
        showFormats();
      }
      if (ticket !== checking) return;
      hubFormula.textContent = response.headers.get("X-TPV-Formula") || "";
      download.href = target;
      download.setAttribute("aria-disabled", "false");
      setStatus(status, `Ready: ${c.format === "peft" ? "PEFT adapter" : c.format}.`);
    } catch (error) {
      if (ticket !== checking) return;
      // A HEAD answer has no body: ask again with GET for the problem document's words.
      let message = error.message;
      if (error.status >= 400) {
        try { await call("GET", target); } catch (detailed) { message = detailed.message; }
      }
      if (ticket === checking) disable(message, true);
    }
  }

  function scheduleCheck() {
    clearTimeout(timer);
    timer = setTimeout(check, 200);
  }

  form.addEventListener("input", scheduleCheck);
  form.addEventListener("change", (event) => {
    if (event.target === form.model) {
      loadModel({ keepChoices: false }).then(() => { showFormats(); check(); }, (error) => disable(error.message, true));
    } else if (event.target === form.seed) {
      showFormats();
      scheduleCheck();
    } else {
      scheduleCheck();
    }
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); check(); });
  download.addEventListener("click", (event) => { if (!download.hasAttribute("href")) event.preventDefault(); });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(curl.textContent);
      setStatus(status, "Copied the curl command.");
    } catch {
      // No clipboard access (insecure origin or denied): select the text for Ctrl+C instead.
      getSelection().selectAllChildren(curl);
      setStatus(status, "Selected the curl command: press Ctrl+C to copy it.");
    }
  });

  return {
    async show() {
      try {
        const withVectors = (await models()).filter((m) => m.vectors > 0);
        if (withVectors.length === 0) { disable("No vectors stored yet: upload some with POST /vectors.", false); return; }
        const previous = form.model.value;
        fillSelect(form.model, withVectors.map((m) => ({ value: m.model })));
        await loadModel({ keepChoices: form.model.value === previous });
        showFormats();
        await check();
      } catch (error) {
        disable(error.message, true);
      }
    },
  };
}
