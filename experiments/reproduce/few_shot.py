"""Experiment 4 (the paper's Table 2 and Figure 4): few-shot prompt tuning of a target task from
a random init, from each source's tuned prompt (SPoT), from a prompt tuned on both sources' data
together (multi-task SPoT), and from init + lambda * (tau_a + tau_b) (task prompt vectors)."""
from .runner import score
from .stats import mean, std

INITS = ("random", "spot_a", "spot_b", "multi_spot", "tpv")


def mixture_name(target):
    return "mix." + ".".join(target.sources)


def few_shot_parameters(plan, shots):
    """`few_shot_passes` example passes whatever k (k=5 runs more epochs than k=100), evaluated on
    validation only at the end: there is no early stopping with a handful of examples."""
    return {"shots": shots, "epochs": max(1, round(plan.few_shot_passes / shots)),
            "batch_size": min(shots, plan.few_shot_batch), "learning_rate": plan.learning_rate,
            "validation_limit": plan.few_shot_validation, "evaluation_interval": 1_000_000}


def run(ctx, vectors, lambdas):
    """`vectors[(task, seed)]`: experiment 1's vectors; `lambdas[(a, b, seed)]`: experiment 3's."""
    plan, runner = ctx.plan, ctx.runner
    mixtures = {}
    for target in plan.targets:
        ctx.uploader.ensure_task(ctx.data, target.task, plan.test_size)
        name = mixture_name(target)
        ctx.uploader.ensure_mixture(ctx.data, name, target.sources)
        for seed in plan.seeds:
            mixtures[(target.task, seed)] = runner.train(name, seed, name, {"random": True}, ctx.source_parameters())

    def start(target, seed, init):
        a, b = target.sources
        if init == "random":
            return {"random": True}
        if init == "tpv":
            return {"compose": {"tasks": f"{a},{b}", "lambda": _lambda(lambdas, a, b, seed)}}
        source = {"spot_a": vectors.get((a, seed)), "spot_b": vectors.get((b, seed)),
                  "multi_spot": mixtures.get((target.task, seed))}[init]
        return {"vector": source["id"]}

    handles = {}
    for init in INITS:
        if init == "multi_spot":
            mixtures = {key: runner.result(handle) for key, handle in mixtures.items()}
            ctx.log(f"few-shot: {len(mixtures)} multi-task SPoT prompts trained")
        for target in plan.targets:
            for seed in plan.seeds:
                for shots in plan.shots:
                    handles[(target.task, init, shots, seed)] = runner.train(
                        f"{target.task}.k{shots}.{init}", seed, target.task, start(target, seed, init),
                        few_shot_parameters(plan, shots))
    results = {}
    for done, (key, handle) in enumerate(handles.items(), 1):
        results[key] = score(runner.result(handle)["metrics"]["test"])
        if done % 10 == 0 or done == len(handles):
            ctx.log(f"few-shot: trained {done}/{len(handles)}")

    for target in plan.targets:
        a, b = target.sources
        for seed in plan.seeds:
            for init in INITS:
                prompt = start(target, seed, init)
                if init == "random":
                    prompt = {"random": True, "seed": seed}
                elif init == "tpv":
                    prompt = {"compose": {**prompt["compose"], "seed": seed}}
                used = {"random": [], "tpv": [vectors[(a, seed)], vectors[(b, seed)]], "spot_a": [vectors[(a, seed)]],
                        "spot_b": [vectors[(b, seed)]], "multi_spot": [mixtures[(target.task, seed)]]}[init]
                results[(target.task, init, 0, seed)] = score(runner.evaluate(target.task, prompt, seed, vectors=used))
        ctx.log(f"few-shot: zero-shot scores of {target.task}")

    table = []
    for target in plan.targets:
        for init in INITS:
            cells = {}
            for shots in (0, *plan.shots):
                values = [results[(target.task, init, shots, seed)] for seed in plan.seeds]
                cells[str(shots)] = {"values": values, "mean": mean(values), "std": std(values)}
            table.append({"target": target.task, "sources": list(target.sources), "note": target.note,
                          "init": init, "cells": cells})
    return {"rows": table, "parameters": {str(k): few_shot_parameters(plan, k) for k in plan.shots}}, results


def _lambda(lambdas, a, b, seed):
    return lambdas[(a, b, seed)] if (a, b, seed) in lambdas else lambdas[(b, a, seed)]
