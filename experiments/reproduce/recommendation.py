"""How `POST /recommend` does as a guide: for each target and seed it ranks the source tasks on the
target's 100 training shots (zero-shot, lambda 1); the top-ranked source's prompt then starts
100-shot tuning, compared with the random init and the better of the paper's two SPoT sources."""
from .few_shot import few_shot_parameters
from .runner import score

SHOTS = 100


def run(ctx, vectors, few_shot_results):
    plan, runner = ctx.plan, ctx.runner
    shots = max(plan.shots)
    rows = []
    for target in plan.targets:
        candidates = [task for task in ctx.source_tasks() if task != target.task]
        for seed in plan.seeds:
            body = {"model": plan.model, "task": target.task, "examples": {"dataset": "train", "shots": shots},
                    "candidates": candidates, "seed": seed, "job": True}  # a job: resumable, whatever the size
            answer = _recommend(ctx, body)
            top = answer["ranking"][0]["tasks"][0]
            a, b = target.sources
            if top in (a, b):
                tuned = few_shot_results[(target.task, "spot_a" if top == a else "spot_b", shots, seed)]
            else:
                handle = runner.train(f"{target.task}.k{shots}.recommended", seed, target.task,
                                      {"vector": vectors[(top, seed)]["id"]}, few_shot_parameters(plan, shots))
                tuned = score(runner.result(handle)["metrics"]["test"])
            random = few_shot_results[(target.task, "random", shots, seed)]
            best_spot = max(few_shot_results[(target.task, init, shots, seed)] for init in ("spot_a", "spot_b"))
            rows.append({"target": target.task, "seed": seed, "top": top,
                         "ranking": [(entry["tasks"][0], round(entry["score"], 4)) for entry in answer["ranking"][:5]],
                         "score": tuned, "random": random, "best_spot": best_spot,
                         "beats_random": tuned > random, "beats_best_spot": tuned > best_spot,
                         "ties_best_spot": tuned == best_spot})
            ctx.log(f"recommendation: {target.task} seed {seed}: top-ranked {top}, {shots}-shot {tuned:.3f} "
                    f"(random {random:.3f}, best SPoT {best_spot:.3f})")
    return {"shots": shots, "rows": rows}


def _recommend(ctx, body):
    """The answer of POST /recommend, reusing a finished recommendation job of the same request and
    following the job a large request queues (202)."""
    for job in ctx.hub.jobs(status="succeeded"):
        parameters = job["parameters"]
        if job["kind"] == "recommend" and all(parameters.get(k) == v for k, v in body.items()):
            return job["result"]
    answer = ctx.hub._json("POST", "/recommend", json=body)
    if "ranking" in answer:
        return answer
    job = ctx.runner.wait(answer["job"]["id"])
    if job["status"] != "succeeded":
        raise SystemExit(f"recommendation job {job['id']} {job['status']}: {job.get('error')}")
    return job["result"]
