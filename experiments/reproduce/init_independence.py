"""Experiment 1 (the paper's Table 1): prompt tuning from each seed's own init ("original") against
its task prompt vector added to the other seeds' inits ("mixed"), on each task's test split."""
from itertools import product

from .runner import score
from .stats import mean, std, welch_t_test


def run(ctx):
    plan, runner = ctx.plan, ctx.runner
    tasks = ctx.source_tasks()
    for task in tasks:
        ctx.uploader.ensure_task(ctx.data, task, plan.test_size)
    handles = {(task, seed): runner.train(task, seed, task, {"random": True}, ctx.source_parameters())
               for seed, task in product(plan.seeds, tasks)}
    vectors = {}
    for done, (key, handle) in enumerate(handles.items(), 1):
        vectors[key] = runner.result(handle)
        ctx.log(f"init independence: trained {done}/{len(handles)}: {key[0]} seed {key[1]}: "
                f"test {score(vectors[key]['metrics']['test']):.3f}")

    rows = []
    for number, task in enumerate(tasks, 1):
        original = [score(vectors[(task, seed)]["metrics"]["test"]) for seed in plan.seeds]
        mixed = []
        for source, target in product(plan.seeds, plan.seeds):
            if source != target:
                prompt = {"compose": {"tasks": f"{task}@{source}", "lambda": 1, "seed": target}}
                mixed.append(score(runner.evaluate(task, prompt, target, vectors=[vectors[(task, source)]])))
        # The untuned init of each seed: what "learnt" is measured against.
        untuned = [score(runner.evaluate(task, {"random": True, "seed": seed}, seed)) for seed in plan.seeds]
        t, df, p = welch_t_test(original, mixed)
        rows.append({"task": task, "metric": "pearson" if ctx.data.is_regression(task) else "macro_f1",
                     "random_init": untuned, "random_init_mean": mean(untuned), "random_init_std": std(untuned),
                     "original": original, "mixed": mixed, "original_mean": mean(original), "original_std": std(original),
                     "mixed_mean": mean(mixed), "mixed_std": std(mixed), "difference": mean(mixed) - mean(original),
                     "t": t, "df": df, "p": p})
        ctx.log(f"init independence: mixed inits scored for {number}/{len(tasks)} tasks ({task})")
    comparisons = len(rows)
    for row in rows:
        row["p_bonferroni"] = min(1.0, row["p"] * comparisons)
        row["significant"] = row["p_bonferroni"] < 0.05
    return {"rows": rows, "vectors": {f"{task}@{seed}": v["id"] for (task, seed), v in vectors.items()}}, vectors
