"""python -m reproduce [--plan full|smoke] [--hub URL] [--token T] [--data DIR] [--out DIR]

Drives a running hub: uploads ../shared/data, trains, composes and evaluates through the API,
then writes the report. Stopped runs resume: finished jobs and evaluations are reused."""
import argparse
import json
import os
import sys
import time

from tpvhub import Hub

from . import combination, few_shot, init_independence, recommendation, similarity
from .context import Context
from .datasets import DatasetUploader, SharedData
from .plan import PLANS
from .report import write_report
from .runner import Progress, Runner, score


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m reproduce", description=__doc__.split("\n\n")[1])
    parser.add_argument("--plan", choices=sorted(PLANS), default="full")
    parser.add_argument("--hub", default=os.environ.get("TPV_HUB", "http://127.0.0.1:8080"))
    parser.add_argument("--token", default=os.environ.get("TPV_TOKEN"), help="a write token (tpv token create)")
    parser.add_argument("--data", default=os.environ.get("TPV_SHARED_DATA", "../shared/data"),
                        help="the labelled datasets (tasks.json and one folder per task)")
    parser.add_argument("--out", default="docs", help="RESULTS.md goes here, figures and results.json in results/")
    parser.add_argument("--state", default=".reproduce", help="cached evaluations, for resuming")
    parser.add_argument("--only", choices=["init-independence"], help="stop after this experiment")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite RESULTS.md and the figures from OUT/results/results.json, without a hub")
    args = parser.parse_args(argv)
    if args.report_only:
        with open(os.path.join(args.out, "results", "results.json")) as file:
            results = json.load(file)
        print(write_report(results, PLANS[results["plan"]], args.out))
        return
    if not args.token:
        parser.error("give --token (or TPV_TOKEN): the run uploads datasets and queues jobs")
    plan = PLANS[args.plan]
    log = Progress()
    hub = Hub(args.hub, args.token, timeout=900)
    try:
        models = {m["model"]: m for m in hub.models()}
    except Exception as error:  # noqa: BLE001 - any failure to reach the hub means the same to the user
        sys.exit(f"cannot reach the hub at {args.hub} ({error}); start it with `make serve` or give --hub")
    if not models.get(plan.model, {}).get("trainable"):
        sys.exit(f"the hub at {args.hub} cannot train {plan.model}; install it (scripts/install-model.sh) and restart it")
    data = SharedData(args.data)
    runner = Runner(hub, plan.model, os.path.join(args.state, plan.name), log)
    ctx = Context(plan, runner, data, DatasetUploader(hub, log), log)
    started = time.monotonic()

    log(f"plan {plan.name}: {len(ctx.source_tasks())} source tasks x {len(plan.seeds)} seeds on {args.hub}")
    results = {"plan": plan.name, "model": plan.model, "seeds": list(plan.seeds), "source_tasks": ctx.source_tasks()}
    results["init_independence"], vectors = init_independence.run(ctx)
    if args.only == "init-independence":
        return
    single = {key: score(vector["metrics"]["test"]) for key, vector in vectors.items()}
    results["similarity"] = similarity.run(ctx)
    results["combination"], lambdas = combination.run(ctx, vectors, single)
    results["few_shot"], few_shot_results = few_shot.run(ctx, vectors, lambdas)
    if plan.recommend:
        results["recommendation"] = recommendation.run(ctx, vectors, few_shot_results)
    results["minutes"] = round((time.monotonic() - started) / 60, 1)
    results["hub_minutes"], results["wall_minutes"] = _job_minutes(hub)
    results["plan_parameters"] = _plan_json(plan)

    folder = os.path.join(args.out, "results")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "results.json"), "w") as file:
        json.dump(results, file, indent=1, sort_keys=True)
    path = write_report(results, plan, args.out)
    log(f"wrote {path} ({results['minutes']} min of this run)")


def _job_minutes(hub):
    """(Minutes the hub spent running this plan's jobs over all runs, minutes from the first job's
    creation to the last one's end): the second includes the evaluations answered within requests."""
    from datetime import datetime

    def when(job, key):
        return datetime.fromisoformat(job[key].replace("Z", "+00:00"))
    jobs = [job for job in hub.jobs(status="succeeded") if job.get("started_at") and job.get("finished_at")]
    if not jobs:
        return 0.0, 0.0
    busy = sum((when(job, "finished_at") - when(job, "started_at")).total_seconds() for job in jobs)
    span = (max(when(job, "finished_at") for job in jobs) - min(when(job, "created_at") for job in jobs)).total_seconds()
    return round(busy / 60, 1), round(span / 60, 1)


def _plan_json(plan):
    from dataclasses import asdict
    return json.loads(json.dumps(asdict(plan), default=str))


if __name__ == "__main__":
    main()
