// One job in the jobs list: status, a progress bar, the loss curve (or score per lambda for a
// lambda search), final metrics, its vector and a cancel button, fed by GET /jobs or its events.
import { el, formatSeconds, metricLines, setStatus } from "./dom.js";
import { lineChart } from "./linechart.js";

const active = new Set(["queued", "running"]);

export function isActive(job) {
  return active.has(job.status);
}

export class JobCard {
  constructor(job, { onCancel }) {
    this.job = job;
    this.live = [];        // (step, loss) or (lambda, mean) from progress events, in arrival order
    this.evaluations = []; // (step, training loss) at each validation pass
    this.latest = null;    // the newest progress
    this.bar = el("progress", { max: 100, value: 0, "aria-label": `Job ${job.id} progress` });
    this.percent = el("span", { class: "percent" });
    this.detail = el("span", { class: "muted" });
    this.chartBox = el("div", { class: "chart-box" });
    this.metrics = el("div", { class: "outcome" });
    this.message = el("p", { class: "status", role: "status" });
    this.cancel = el("button", { type: "button", class: "secondary", onclick: () => onCancel(this) }, "Cancel");
    this.badge = el("span", { class: "badge" });
    this.heading = el("h4");
    this.element = el("li", { class: "job", "data-job-id": job.id },
      el("div", { class: "job-head" }, this.heading, this.badge, this.cancel),
      el("div", { class: "job-progress" }, this.bar, this.percent, this.detail),
      this.chartBox, this.metrics, this.message);
    this.update(job);
  }

  /// The job as the API last described it (GET /jobs, or a status or end event).
  update(job) {
    this.job = job;
    // Stored progress lags the events by a few seconds: never step back.
    const stored = job.progress;
    if (stored && typeof stored === "object" && (!this.latest || stored.step >= this.latest.step)) this.latest = stored;
    const what = job.kind === "lambda-search" ? `λ search over ${job.task}` : `${job.task}, seed ${job.seed}`;
    this.heading.textContent = `Job ${job.id}: ${what}`;
    this.heading.title = `model ${job.model}, owner ${job.owner}, created ${job.created_at}`;
    this.badge.textContent = job.status + (job.status === "queued" && job.position ? ` (position ${job.position})` : "");
    this.badge.dataset.status = job.status;
    this.element.dataset.status = job.status;
    this.cancel.hidden = !isActive(job) || job.cancel_requested;
    this.drawProgress();
    this.drawChart();
    this.drawOutcome();
  }

  progress(value) {
    this.latest = value;
    if (this.job.kind === "lambda-search") this.live.push({ x: value.lambda, y: value.mean });
    else this.live.push({ x: value.step, y: value.loss });
    this.scheduleDraw();
  }

  evaluation(value) {
    this.evaluations.push({ x: value.step, y: value.training_loss });
    const scores = metricLines(value.validation).join(", ");
    setStatus(this.message, `Evaluated at step ${value.step}: validation ${scores}.`);
    this.scheduleDraw();
  }

  showMessage(text, error = false) {
    setStatus(this.message, text, { error });
  }

  /// Many progress events arrive per second on a fast job: draw once per frame at most.
  scheduleDraw() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.drawProgress();
      this.drawChart();
    });
  }

  drawProgress() {
    const p = this.latest;
    const done = this.job.status === "succeeded";
    const fraction = done ? 1 : p && p.total ? p.step / p.total : 0;
    const percent = Math.floor(fraction * 100);
    this.bar.value = percent;
    this.percent.textContent = `${percent} %`;
    const parts = [];
    if (p && p.total) parts.push(`${this.job.kind === "lambda-search" ? "point" : "step"} ${p.step}/${p.total}`);
    if (p?.epoch) parts.push(`epoch ${p.epoch}`);
    if (typeof p?.loss === "number") parts.push(`loss ${p.loss.toFixed(4)}`);
    if (p?.examples_per_second) parts.push(`${p.examples_per_second} ex/s`);
    if (isActive(this.job) && typeof p?.eta_seconds === "number") parts.push(`eta ${formatSeconds(p.eta_seconds)}`);
    this.detail.textContent = parts.join(" · ");
  }

  drawChart() {
    const search = this.job.kind === "lambda-search";
    let points = this.live;
    let marks = this.evaluations;
    const result = this.job.result;
    // Without the live events (a job that ended before the page opened), use the stored summary.
    if (points.length === 0 && result) {
      points = search ? (result.curve || []).map((c) => ({ x: c.lambda, y: c.mean }))
        : (result.history || []).map((h) => ({ x: h.step, y: h.training_loss }));
      marks = [];
    }
    this.chartBox.replaceChildren(lineChart(search
      ? { points, xLabel: "λ", yLabel: "mean score", title: `Job ${this.job.id}: validation score per λ` }
      : { points, marks, xLabel: "step", yLabel: "loss", title: `Job ${this.job.id}: training loss` }));
  }

  drawOutcome() {
    const job = this.job;
    const lines = metricLines(job.metrics);
    const children = [];
    if (lines.length) children.push(el("p", {}, el("strong", {}, "Metrics: "), lines.join(" · ")));
    if (job.vector_id) {
      children.push(el("p", {}, "Stored as ", el("a", { href: `/vectors/${job.vector_id}` }, `vector ${job.vector_id}`), "."));
    }
    if (job.error) children.push(el("p", { class: "error" }, job.error));
    this.metrics.replaceChildren(...children);
  }
}
