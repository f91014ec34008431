// A composition as the page's form holds it, written the ways the hub and people read it.

/// `tasks=` syntax: `mnli`, `qnli:-0.5`, `rte@2:0.3` (weight 1 is left out).
export function termsParameter(terms) {
  return terms.map(({ task, weight, seed }) =>
    task + (seed !== "" && seed !== undefined ? `@${seed}` : "") + (weight === 1 ? "" : `:${weight}`)).join(",");
}

/// θ = θ_init(seed 1) + 0.5 · (τ_mnli − 0.5 · τ_qnli@2), or λ · Σ alone without an init.
export function formulaText({ terms, lambda, seed }) {
  const sum = terms.map(({ task, weight, seed: pinned }, i) => {
    const name = `τ_${task}` + (pinned !== "" && pinned !== undefined ? `@${pinned}` : "");
    const magnitude = Math.abs(weight) === 1 ? name : `${Math.abs(weight)} · ${name}`;
    if (i === 0) return (weight < 0 ? "−" : "") + magnitude;
    return (weight < 0 ? " − " : " + ") + magnitude;
  }).join("");
  const scaled = `${lambda} · (${sum})`;
  return seed === "none" ? `θ = ${scaled}` : `θ = θ_init(seed ${seed}) + ${scaled}`;
}
