"""The driver's pure parts: the stratified test draw, the mixtures, the SVG figures and the report
written from a results document shaped like a real run's."""
import json
import random
import xml.etree.ElementTree as ElementTree
from collections import Counter

from reproduce import svg
from reproduce.datasets import mixed_rows, stratified_draw
from reproduce.plan import SMOKE
from reproduce.report import write_report


def rows(counts):
    return [{"text": f"{label} {i}", "label": label} for label, n in counts.items() for i in range(n)]


def test_the_test_draw_keeps_class_proportions_and_is_the_same_every_time():
    pool = rows({"a": 600, "b": 300, "c": 100})
    drawn = stratified_draw(pool, 300)
    assert len(drawn) == 300 and len({r["text"] for r in drawn}) == 300
    assert Counter(r["label"] for r in drawn) == {"a": 180, "b": 90, "c": 30}
    assert drawn == stratified_draw(pool, 300)
    assert Counter(r["label"] for r in drawn[:100]) != {"a": 100}, "shuffled, so a prefix is a fair sample too"
    assert stratified_draw(pool, None) is pool and stratified_draw(pool, 5000) is pool


def test_the_draw_fills_rounding_remainders_and_bins_scores():
    drawn = stratified_draw(rows({"a": 5, "b": 5, "c": 5}), 7)
    assert len(drawn) == 7 and max(Counter(r["label"] for r in drawn).values()) == 3
    scores = [{"text": str(i), "score": i % 5 + random.Random(i).random()} for i in range(100)]
    assert Counter(int(r["score"]) for r in stratified_draw(scores, 50)) == {k: 10 for k in range(5)}


class FakeData:
    def rows(self, task, split):
        return rows({f"{task}-x": 3, f"{task}-y": 2})


def test_a_mixture_holds_both_tasks_examples_interleaved():
    mixed = mixed_rows(FakeData(), ["mnli", "qnli"], "train")
    assert Counter(r["label"].split("-")[0] for r in mixed) == {"mnli": 5, "qnli": 5}
    assert mixed == mixed_rows(FakeData(), ["mnli", "qnli"], "train")


def parses(text):
    root = ElementTree.fromstring(text)
    assert root.tag.endswith("svg")
    return root


def test_figures_are_well_formed_svg_with_a_mark_per_value():
    bars = parses(svg.grouped_bars("t <&>", ["sst2", "trec"], ["original", "mixed"], [[0.7, 0.69], [0.5, None]],
                                   [[0.01, 0.02], [0.03, None]], marks=["*", ""]))
    assert len(bars.findall(".//{http://www.w3.org/2000/svg}rect")) == 1 + 3 + 2  # background, 3 bars, 2 legend keys
    heat = parses(svg.heatmap("h", ["a", "b"], ["a", "b"], [[1.0, -0.5], [None, 0.25]], -1, 1, diverging=True))
    texts = [t.text for t in heat.iter("{http://www.w3.org/2000/svg}text")]
    assert "-0.50" in texts and "0.25" in texts and "n/a" not in texts
    lines = parses(svg.line_panels("l", [("sst5", [[0.2, 0.3, None]], [[0.01, 0, None]])], ["0", "5", "10"], ["random"]))
    assert len(lines.findall(".//{http://www.w3.org/2000/svg}circle")) == 2


def synthetic_results(plan):
    tasks = list(plan.source_tasks)
    seeds = list(plan.seeds)
    rng = random.Random(0)
    ii = []
    for task in tasks:
        original = [0.6 + rng.random() / 20 for _ in seeds]
        mixed = [0.6 + rng.random() / 20 for _ in range(len(seeds) * (len(seeds) - 1))]
        untuned = 0.6 if task == tasks[-1] else 0.3  # the last task did not learn
        ii.append({"task": task, "metric": "macro_f1", "original": original, "mixed": mixed,
                   "random_init": [untuned] * len(seeds), "random_init_mean": untuned, "random_init_std": 0.0,
                   "original_mean": sum(original) / len(original), "original_std": 0.01,
                   "mixed_mean": sum(mixed) / len(mixed), "mixed_std": 0.01,
                   "difference": sum(mixed) / len(mixed) - sum(original) / len(original),
                   "t": 0.1, "df": 2.0, "p": 0.9, "p_bonferroni": 1.0, "significant": task == tasks[0]})
    matrix = [[1.0 if i == j else 0.1 * (i + j) for j in range(len(tasks))] for i in range(len(tasks))]
    pairs = [(a, b) for i, a in enumerate(plan.pair_tasks) for b in plan.pair_tasks[i + 1:]]
    seed_entry = lambda a, b: {"lambda": 0.5, "validation": 0.6, "test": {a: 0.6, b: 0.55}}
    combination = {"rows": [{"a": a, "b": b, "seeds": [{**seed_entry(a, b), "relative": {a: 0.95, b: 0.9}} for _ in seeds],
                             "lambda_mean": 0.5, "relative_a": 0.95, "relative_b": 0.9, "relative_a_std": 0.01,
                             "relative_b_std": 0.02} for a, b in pairs],
                   "merges": {"seed": seeds[0], "density": 0.5,
                              "pairs": [{"a": a, "b": b, "sum": seed_entry(a, b),
                                         **{m: seed_entry(a, b) for m in plan.merge_methods}} for a, b in pairs]}}
    few = []
    for target in plan.targets:
        for n, init in enumerate(["random", "spot_a", "spot_b", "multi_spot", "tpv"]):
            few.append({"target": target.task, "sources": list(target.sources), "note": target.note, "init": init,
                        "cells": {str(k): {"values": [0.3], "mean": 0.3 + 0.01 * n + 0.001 * k, "std": 0.01}
                                  for k in (0, *plan.shots)}})
    rec = [{"target": t.task, "seed": s, "top": "sst2", "ranking": [["sst2", 0.4], ["trec", 0.3]], "score": 0.5,
            "random": 0.4, "best_spot": 0.5, "beats_random": True, "beats_best_spot": False, "ties_best_spot": True}
           for t in plan.targets for s in seeds]
    return {"plan": plan.name, "model": plan.model, "seeds": seeds, "source_tasks": tasks, "minutes": 3.0, "hub_minutes": 2.5, "wall_minutes": 3.5,
            "init_independence": {"rows": ii}, "similarity": {of: {"tasks": tasks, "matrix": matrix, "across_seeds": {t: 0.4 + 0.01 * i for i, t in enumerate(tasks)}}
                           for of in ("prompts", "vectors")},
            "combination": combination,
            "few_shot": {"rows": few, "parameters": {str(k): {"epochs": 4, "batch_size": 5} for k in plan.shots}},
            "recommendation": {"shots": max(plan.shots), "rows": rec}}


def test_the_report_has_every_section_figure_and_verdict(tmp_path):
    results = json.loads(json.dumps(synthetic_results(SMOKE)))  # as read back from results.json
    path = write_report(results, SMOKE, str(tmp_path))
    text = open(path).read()
    for heading in ("## 1. Task prompt vectors do not depend on their init", "## 2. Similarity", "## 3. Adding task prompt vectors",
                    "### Merge methods against plain addition", "## 4. Task prompt vectors as the init", "### Which source to start from",
                    "## What was scaled down"):
        assert heading in text
    assert text.count("**Reproduced") + text.count("**Partly reproduced") + text.count("**Not reproduced") >= 4
    assert f"| {SMOKE.source_tasks[0]} | macro_f1 | 0.300 ± 0.000 |" in text and "**\\***" in text, "the significant task is marked"
    assert f"| {SMOKE.source_tasks[-1]} (not learnt) |" in text
    assert "1 tasks are marked *not learnt*" in text and "Of the 3 tasks that learnt, 1 differ significantly" in text
    assert f"Pairs with {SMOKE.source_tasks[-1]} say little" not in text, "sst5 is no pair task in the smoke plan"
    for figure in ("init-independence.svg", "similarity-prompts.svg", "similarity-vectors.svg", "combination.svg", "few-shot.svg"):
        assert f"(results/{figure})" in text
        parses((tmp_path / "results" / figure).read_text())
    assert "all runs together took 3.5 min of wall time, 2.5 min of it in jobs" in text
    assert "seeds have a similarity of 0.40 to 0.43 (mean over the seed pairs); for 0 of\n4 tasks that is above every similarity of two different tasks (at most 0.50)" in text
