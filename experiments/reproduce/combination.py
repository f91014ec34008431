"""Experiment 3 (the paper's Figure 3): init + lambda * (tau_a + tau_b) for every pair of source
tasks, lambda chosen on validation data, scored on both tasks' test splits relative to each
task's single-task prompt; then the other merge methods against sum on the first seed's pairs."""
from itertools import combinations

from .runner import score
from .stats import mean, std


def run(ctx, vectors, single):
    """`vectors[(task, seed)]`: experiment 1's vectors; `single[(task, seed)]`: their test scores."""
    plan, runner = ctx.plan, ctx.runner
    pairs = list(combinations(plan.pair_tasks, 2))
    rows, lambdas = [], {}
    for number, (a, b) in enumerate(pairs, 1):
        per_seed = []
        for seed in plan.seeds:
            outcome = _pair(ctx, a, b, seed, vectors, "sum", plan.lambda_step, plan.lambda_validation)
            lambdas[(a, b, seed)] = outcome["lambda"]
            per_seed.append({**outcome, "relative": {t: outcome["test"][t] / single[(t, seed)] for t in (a, b)}})
        rows.append({"a": a, "b": b, "seeds": per_seed,
                     "lambda_mean": mean(s["lambda"] for s in per_seed),
                     **{f"relative_{side}": mean(s["relative"][t] for s in per_seed) for side, t in (("a", a), ("b", b))},
                     **{f"relative_{side}_std": std(s["relative"][t] for s in per_seed) for side, t in (("a", a), ("b", b))}})
        ctx.log(f"combination: {number}/{len(pairs)} pairs ({a}+{b}): relative "
                f"{rows[-1]['relative_a']:.2f} on {a}, {rows[-1]['relative_b']:.2f} on {b}")

    seed = plan.seeds[0]
    merges = []
    for number, (a, b) in enumerate(pairs, 1):
        entry = {"a": a, "b": b, "sum": _scores(rows, a, b, seed)}
        for method in plan.merge_methods:
            entry[method] = _pair(ctx, a, b, seed, vectors, method, plan.lambda_step, plan.merge_validation)
        merges.append(entry)
        ctx.log(f"merge methods: {number}/{len(pairs)} pairs ({a}+{b}) on seed {seed}")
    return {"rows": rows, "merges": {"seed": seed, "density": plan.merge_density, "pairs": merges}}, lambdas


def _pair(ctx, a, b, seed, vectors, method, step, limit):
    plan, runner = ctx.plan, ctx.runner
    merge = {} if method == "sum" else {"method": method, "density": plan.merge_density}
    if method.startswith("dare"):
        merge["merge_seed"] = seed  # only DARE draws at random
    search = runner.lambda_search(f"{a},{b}", seed, step, limit, merge)
    lam = search["best"]["lambda"]
    prompt = {"compose": {"tasks": f"{a},{b}", "lambda": lam, "seed": seed, **merge}}
    used = [vectors[(a, seed)], vectors[(b, seed)]]
    return {"lambda": lam, "validation": search["best"]["score"],
            "test": {t: score(runner.evaluate(t, prompt, seed, vectors=used)) for t in (a, b)}}


def _scores(rows, a, b, seed):
    row = next(r for r in rows if (r["a"], r["b"]) == (a, b))
    first = row["seeds"][0]
    return {"lambda": first["lambda"], "validation": first["validation"], "test": first["test"]}
