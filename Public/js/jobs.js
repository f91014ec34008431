// Jobs view: the submission form and every job, the active ones followed live through
// GET /jobs/{id}/events (Server-Sent Events), the rest refreshed from GET /jobs.
import { call, getJSON } from "./api.js";
import { setStatus } from "./dom.js";
import { JobCard, isActive } from "./job-card.js";
import { jobForm } from "./job-form.js";

// Browsers allow six connections per host over HTTP/1.1: leave room for the page's requests.
const maxStreams = 3;
const pollMilliseconds = 5000;

export function jobsView() {
  const list = document.getElementById("jobs-list");
  const status = document.getElementById("jobs-status");
  const cards = new Map();
  const streams = new Map();
  let visible = false;
  let poll;

  const form = jobForm({ onSubmitted: () => refresh() });

  async function cancel(card) {
    card.showMessage("Cancelling…");
    try {
      const response = await call("DELETE", `/jobs/${card.job.id}`, { token: form.token() });
      const job = await response.json();
      card.update(job);
      card.showMessage(response.status === 202 ? "Stopping at the next step…" : "Cancelled.");
    } catch (error) {
      card.showMessage(error.message, true);
    }
  }

  function follow(card) {
    const id = card.job.id;
    if (streams.has(id) || streams.size >= maxStreams) return;
    const source = new EventSource(`/jobs/${id}/events`);
    const data = (handler) => (event) => handler(JSON.parse(event.data));
    source.addEventListener("status", data((job) => card.update(job)));
    source.addEventListener("progress", data((p) => card.progress(p)));
    source.addEventListener("evaluation", data((e) => card.evaluation(e)));
    source.addEventListener("end", data((job) => {
      // Close first: the hub ends the stream next, and an open EventSource would reconnect.
      source.close();
      streams.delete(id);
      card.update(job);
      refresh();
    }));
    source.addEventListener("error", () => {
      // A closed source gave up (the hub refused the stream); the next poll tries again.
      if (source.readyState === EventSource.CLOSED) streams.delete(id);
    });
    streams.set(id, source);
  }

  async function refresh() {
    try {
      const page = await getJSON("/jobs?limit=50");
      const seen = new Set();
      let previous = null;
      for (const job of page.items) {
        seen.add(job.id);
        let card = cards.get(job.id);
        if (!card) {
          card = new JobCard(job, { onCancel: cancel });
          cards.set(job.id, card);
        } else if (!streams.has(job.id)) {
          card.update(job);
        }
        // Newest first, as the API lists them.
        if (previous ? previous.element.nextSibling !== card.element : list.firstChild !== card.element) {
          if (previous) previous.element.after(card.element); else list.prepend(card.element);
        }
        previous = card;
      }
      for (const [id, card] of cards) {
        if (!seen.has(id)) { card.element.remove(); cards.delete(id); streams.get(id)?.close(); streams.delete(id); }
      }
      for (const job of [...page.items].reverse()) if (isActive(job)) follow(cards.get(job.id));
      const running = page.items.filter(isActive).length;
      setStatus(status, page.total === 0 ? "No jobs yet." :
        `${page.total} job${page.total === 1 ? "" : "s"}` + (running ? `, ${running} queued or running` : "") +
        (page.total > page.items.length ? `; the newest ${page.items.length} shown` : ""));
    } catch (error) {
      setStatus(status, error.message, { error: true });
    }
  }

  function schedule() {
    clearTimeout(poll);
    if (!visible) return;
    poll = setTimeout(async () => { await refresh(); schedule(); }, pollMilliseconds);
  }

  document.getElementById("jobs-refresh").addEventListener("click", () => refresh());

  return {
    async show() {
      visible = true;
      await Promise.all([form.show(), refresh()]);
      schedule();
    },
    hide() {
      visible = false;
      clearTimeout(poll);
    },
  };
}
