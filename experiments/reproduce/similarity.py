"""Experiment 2 (the paper's Figure 2): cosine similarity of task prompts and of task prompt
vectors between tasks, averaged over seed pairs, as `GET /similarity` computes it."""


def run(ctx):
    tasks = ctx.source_tasks()
    result = {}
    for of in ("prompts", "vectors"):
        answer = ctx.hub._json("GET", "/similarity", params={"tasks": ",".join(tasks), "model": ctx.plan.model, "of": of})
        # The matrix's diagonal averages over every seed pair, the pairs of a seed with itself (1)
        # included; one task across different seeds is kept apart from the pairs.
        across = {task: [p["cosine"] for p in answer["pairs"]
                         if p["task_a"] == p["task_b"] == task and p["seed_a"] < p["seed_b"]] for task in answer["tasks"]}
        result[of] = {"tasks": answer["tasks"], "matrix": [[round(float(x), 4) for x in row] for row in answer["matrix"]],
                      "across_seeds": {task: round(sum(v) / len(v), 4) for task, v in across.items() if v}}
    ctx.log(f"similarity: {len(tasks)} x {len(tasks)} matrices of prompts and of task prompt vectors")
    return result
