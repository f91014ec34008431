// The page's four views behind #hash links: one shown at a time, each loaded when shown.
import { composeView } from "./compose.js";
import { jobsView } from "./jobs.js";
import { similarityView } from "./similarity.js";
import { vectorsView } from "./vectors.js";

const factories = { vectors: vectorsView, similarity: similarityView, compose: composeView, jobs: jobsView };
const views = {};
let current;

function route({ focus }) {
  // Other fragments (the skip link's #content) keep the view that is shown.
  const requested = location.hash.slice(1);
  const name = requested in factories ? requested : current ?? "vectors";
  if (name === current) return;
  if (current) {
    document.getElementById(`view-${current}`).hidden = true;
    views[current].hide?.();
  }
  current = name;
  const section = document.getElementById(`view-${name}`);
  section.hidden = false;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.hash === `#${name}`) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  document.title = `${section.querySelector("h2").textContent} · tpv-hub`;
  // After a click on the navigation, keyboard users continue from the view's heading.
  if (focus) section.querySelector("h2").focus();
  views[name] ??= factories[name]();
  views[name].show();
}

window.addEventListener("hashchange", () => route({ focus: true }));
route({ focus: false });
