"""Experiment 2 (the paper's Figure 2): cosine similarity of task prompts and of task prompt
vectors between tasks, averaged over seed pairs, as `GET /similarity` computes it."""


def run(ctx):
    tasks = ctx.source_tasks()
    result = {}
    for of in ("prompts", "vectors"):
        names, matrix = ctx.hub.similarity(tasks, model=ctx.plan.model, of=of)
        result[of] = {"tasks": list(names), "matrix": [[round(float(x), 4) for x in row] for row in matrix]}
    ctx.log(f"similarity: {len(tasks)} x {len(tasks)} matrices of prompts and of task prompt vectors")
    return result
