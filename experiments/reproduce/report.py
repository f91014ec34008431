"""docs/RESULTS.md and its figures from the results of a run (results.json), so the report can be
rewritten without the hub. Every verdict sentence is computed from the numbers it quotes."""
import os
from itertools import combinations

from . import svg
from .few_shot import INITS
from .stats import mean

INIT_NAMES = {"random": "random init", "spot_a": "SPoT (source a)", "spot_b": "SPoT (source b)",
              "multi_spot": "multi-task SPoT", "tpv": "TPV a+b"}


def pm(m, s, digits=3):
    return f"{m:.{digits}f} ± {s:.{digits}f}"


def write_report(results, plan, out):
    folder = os.path.join(out, "results")
    os.makedirs(folder, exist_ok=True)
    sections = [_header(results, plan), _init_independence(results, plan, folder), _similarity(results, folder),
                _combination(results, plan, folder), _few_shot(results, plan, folder)]
    if "recommendation" in results:
        sections.append(_recommendation(results))
    sections.append(_scaled_down(plan, len(results["init_independence"]["rows"])))
    path = os.path.join(out, "RESULTS.md")
    with open(path, "w") as file:
        file.write("\n\n".join(section.strip() for section in sections) + "\n")
    return path


def _figure(folder, name, text):
    with open(os.path.join(folder, name), "w") as file:
        file.write(text)
    return f"results/{name}"


def _header(results, plan):
    return f"""
# Results: the paper's findings, reproduced through the hub

These numbers come from `make reproduce` (plan `{plan.name}`): a Python driver
(`experiments/reproduce`) that talks to a running `tpv serve` only through its HTTP API — it uploads
the datasets of `../shared/data`, queues prompt-tuning and lambda-search jobs, and scores prompts with
`POST /evaluate` and `GET /similarity`. Every figure is an SVG the driver writes itself; the raw
numbers are in [`results/results.json`](results/results.json), from which `python -m reproduce
--report-only` rewrites this page.

Model {results['model']} (frozen; the hub's parameter-free label-word head), soft prompts of P = 20
tokens, init seeds {', '.join(map(str, results['seeds']))}. Means ± sample standard deviations over
the seeds. Scores are test macro-F1 (Pearson for stsb) on a fixed stratified draw of
{plan.test_size} test examples per task. A resumed run reuses every finished job and evaluation; the
last run took {results['minutes']} min{_total_minutes(results)}.

Each section ends with the paper's claim and a verdict computed from the numbers above it. The
claims are quoted from the paper's abstract ("Task Prompt Vectors: Effective Initialization through
Multi-Task Soft Prompt Transfer", arXiv 2408.01119); its tables' values were not available where
this was written, so no number of the paper is quoted. Its models (T5-base and larger) are far
stronger than MiniLM-L6 with 20 prompt tokens, so absolute scores are not comparable: the
comparisons are of the *relations* the paper claims.
"""


def _total_minutes(results):
    busy, wall = results.get("hub_minutes"), results.get("wall_minutes")
    if not busy:
        return ""
    return (f". From the first job's submission to the last one's end, all runs together took {wall} min of wall "
            f"time, {busy} min of it in jobs (the rest: evaluations answered within requests)")


def _init_independence(results, plan, folder):
    rows = results["init_independence"]["rows"]
    lines = ["| task | metric | untuned init | original | mixed | mixed − original | p (Bonferroni) |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        mark = " **\\***" if r["significant"] else ""
        untuned = pm(r["random_init_mean"], r["random_init_std"]) if "random_init_mean" in r else "–"
        learnt = "" if _learnt(r, plan) else " (not learnt)"
        lines.append(f"| {r['task']}{learnt} | {r['metric']} | {untuned} | {pm(r['original_mean'], r['original_std'])} | "
                     f"{pm(r['mixed_mean'], r['mixed_std'])} | {r['difference']:+.3f} | {r['p_bonferroni']:.3f}{mark} |")
    figure = _figure(folder, "init-independence.svg", svg.grouped_bars(
        "Original vs mixed init (test score, mean ± std)", [r["task"] for r in rows], ["original", "mixed"],
        [[r["original_mean"], r["mixed_mean"]] for r in rows], [[r["original_std"], r["mixed_std"]] for r in rows],
        y_label="test macro-F1 / Pearson", marks=["*" if r["significant"] else "" for r in rows]))
    significant = [r["task"] for r in rows if r["significant"]]
    largest = max(rows, key=lambda r: abs(r["difference"]))
    mean_abs = mean(abs(r["difference"]) for r in rows)
    learnt = [r["task"] for r in rows if r["original_mean"] > 0]
    judged = [r for r in rows if _learnt(r, plan)] or rows  # unlearnt tasks agree trivially
    judged_significant = [r for r in judged if r["significant"]]
    if judged_significant:
        verdict = ("**Partly reproduced.**" if len(judged_significant) <= len(judged) // 4 else
                   f"**Not reproduced at this training budget**: {len(judged_significant)} of the {len(judged)} tasks that "
                   f"learnt lose significantly on another init (mean difference over those {len(judged)}: "
                   f"{mean(r['difference'] for r in judged):+.3f}).")
    elif mean_abs <= 2 * _standard_error(plan):
        verdict = "**Reproduced.**"
    else:
        verdict = (f"**Partly reproduced**: no difference is significant, but with {len(plan.seeds)} seeds the test has "
                   f"little power, and the mean absolute difference ({mean_abs:.3f}) is more than twice the standard "
                   f"error of one score ({_standard_error(plan):.3f}).")
    return f"""
## 1. Task prompt vectors do not depend on their init (paper Table 1)

For each task and seed, the job's prompt tuned from that seed's init ("original", {len(plan.seeds)}
values) against init(s') + tau(s) for every other seed s' ≠ s ("mixed", {len(plan.seeds) * (len(plan.seeds) - 1)}
values), through `POST /evaluate` with `{{"compose": {{"tasks": "task@s", "lambda": 1, "seed": s'}}}}`.
Welch's two-sample t-test per task, p multiplied by the {len(rows)} comparisons (Bonferroni);
**\\*** marks p < 0.05 after correction.

{chr(10).join(lines)}

![Original vs mixed init]({figure})

The paper: "task prompt vectors are independent of the random initialization of prompt tuning".
Here: {len(rows) - len(significant)} of {len(rows)} tasks show no significant
difference ({'none significant' if not significant else 'significant: ' + ', '.join(significant)}); the mean
absolute difference is {mean_abs:.3f} and the largest {largest['difference']:+.3f} ({largest['task']}). {verdict}
{_learnt_sentence(rows, plan)}
"""


def _learnt_sentence(rows, plan):
    learnt = [r for r in rows if _learnt(r, plan)]
    if len(learnt) == len(rows):
        return ""
    significant = [r["task"] for r in learnt if r["significant"]]
    drops = [f"{r['task']} {r['difference']:+.3f}" for r in learnt if r["significant"]]
    return (f"{len(rows) - len(learnt)} tasks are marked *not learnt*: in {plan.source_steps} steps their prompts did not "
            f"beat the untuned init by two standard errors, so original and mixed are both the untuned score and "
            f"their agreement shows nothing. Of the {len(learnt)} tasks that learnt, "
            + (f"{len(significant)} differ significantly ({', '.join(drops)}): a vector trained this briefly still "
               f"carries part of its own init, and moved to another init it loses some of what it learnt."
               if significant else "none differs significantly."))


def _learnt(row, plan):
    """Whether the task's tuned prompts beat its untuned inits by more than two standard errors of a
    score: below that, a task's vectors hardly moved and comparisons of them say little."""
    if "random_init_mean" not in row:
        return True
    error = (1 / plan.test_size) ** 0.5 if row["metric"] == "pearson" else _standard_error(plan)
    return row["original_mean"] - row["random_init_mean"] > 2 * error


def _standard_error(plan):
    """Of a proportion near 0.5 on the test draw: the noise of one score, whatever the prompt."""
    return (0.25 / plan.test_size) ** 0.5


def _similarity(results, folder):
    parts = []
    summary = {}
    for of, title in (("prompts", "Cosine similarity of tuned task prompts"),
                      ("vectors", "Cosine similarity of task prompt vectors")):
        tasks, matrix = results["similarity"][of]["tasks"], results["similarity"][of]["matrix"]
        parts.append(_figure(folder, f"similarity-{of}.svg",
                             svg.heatmap(title + " (mean over seed pairs)", tasks, tasks, matrix, -1, 1, diverging=True)))
        off = [(matrix[i][j], tasks[i], tasks[j]) for i, j in combinations(range(len(tasks)), 2)]
        summary[of] = (mean(v for v, _, _ in off), sorted(off, reverse=True)[:5])
    prompts_mean, vectors_mean = summary["prompts"][0], summary["vectors"][0]
    across = list(results["similarity"]["vectors"].get("across_seeds", {}).values()) or [float("nan")]
    diagonal = (min(across), max(across))
    above = sum(value > summary["vectors"][1][0][0] for value in across)
    nearest_vectors = _nearest(results["similarity"]["vectors"])
    nearest_prompts = _nearest(results["similarity"]["prompts"])
    same_vectors = sum(_group(a) == _group(b) for a, b in nearest_vectors)
    same_prompts = sum(_group(a) == _group(b) for a, b in nearest_prompts)
    chance = _chance(results["similarity"]["vectors"]["tasks"])
    sim_verdict = ("**Reproduced**" if same_vectors >= 0.6 * len(nearest_vectors) else
                   "**Partly reproduced**" if same_vectors > chance * len(nearest_vectors) else "**Not reproduced**") + (
        f": by chance about {chance * len(nearest_vectors):.1f} of {len(nearest_vectors)} would be.")
    top = ", ".join(f"{a}–{b} {v:.2f}" for v, a, b in summary["vectors"][1])
    same_type = [(v, a, b) for v, a, b in summary["vectors"][1]]
    return f"""
## 2. Similarity of task prompts and of task prompt vectors (paper Figure 2)

`GET /similarity?of=prompts` and `?of=vectors`: cosine similarity of the average-pooled (mean over
the P tokens) tuned prompts and task prompt vectors, averaged over all pairs of seeds.

![Similarity of task prompts]({parts[0]})
![Similarity of task prompt vectors]({parts[1]})

Mean similarity of two different tasks: {prompts_mean:.3f} between tuned prompts, {vectors_mean:.3f}
between task prompt vectors. Most similar task prompt vectors: {top}. (The diagonal
averages over all seed pairs, a seed with itself included.) One task's vectors from two different
seeds have a similarity of {diagonal[0]:.2f} to {diagonal[1]:.2f} (mean over the seed pairs); for {above} of
{len(across)} tasks that is above every similarity of two different tasks (at most {summary['vectors'][1][0][0]:.2f}):
their vectors point the same way whatever the init, the init independence of experiment 1 seen
from the vectors themselves.

The paper (abstract) uses task prompt vectors to "initialize prompt tuning on similar tasks"; its
Figure 2 compares these two kinds of similarity. The testable relation: a task's most similar task
prompt vector should belong to a task of the same kind. Grouping the tasks as
{'; '.join(f"{g}: {', '.join(t)}" for g, t in TASK_GROUPS.items())}, the nearest task prompt vector is of
the same group for {same_vectors} of {len(nearest_vectors)} tasks ({', '.join(f"{a}→{b}" for a, b in nearest_vectors)}),
against {same_prompts} of {len(nearest_prompts)} for tuned prompts. {sim_verdict}
"""


TASK_GROUPS = {
    "inference": ["mnli", "snli", "qnli", "rte", "scitail"],
    "paraphrase and similarity": ["mrpc", "qqp", "stsb"],
    "sentiment": ["sst2", "imdb", "sst5"],
    "topic and question type": ["agnews", "dbpedia", "trec"],
    "acceptability": ["cola"],
}


def _group(task):
    return next((g for g, tasks in TASK_GROUPS.items() if task in tasks), task)


def _nearest(similarity):
    tasks, matrix = similarity["tasks"], similarity["matrix"]
    return [(task, max((matrix[i][j], tasks[j]) for j in range(len(tasks)) if j != i)[1]) for i, task in enumerate(tasks)]


def _chance(tasks):
    """Share of tasks whose nearest neighbour would be of the same group if neighbours were random."""
    return mean((sum(_group(t) == _group(u) for u in tasks) - 1) / (len(tasks) - 1) for t in tasks)


def _combination(results, plan, folder):
    combo = results["combination"]
    rows = combo["rows"]
    tasks = list(plan.pair_tasks)
    matrix = [[None] * len(tasks) for _ in tasks]
    for r in rows:
        i, j = tasks.index(r["a"]), tasks.index(r["b"])
        matrix[i][j], matrix[j][i] = r["relative_a"], r["relative_b"]
    figure = _figure(folder, "combination.svg", svg.heatmap(
        "Score of init + λ(τ_row + τ_column) on the row task, relative to the row task's own prompt",
        tasks, tasks, matrix, 0, 2, diverging=True))
    lines = ["| pair | λ (mean) | relative on a | relative on b |", "|---|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['a']} + {r['b']} | {r['lambda_mean']:.2f} | {pm(r['relative_a'], r['relative_a_std'], 2)} | "
                     f"{pm(r['relative_b'], r['relative_b_std'], 2)} |")
    learnt = {r["task"] for r in results["init_independence"]["rows"] if _learnt(r, plan)}
    informative = [r for r in rows if r["a"] in learnt and r["b"] in learnt] or rows
    both = [r for r in informative if min(r["relative_a"], r["relative_b"]) >= 0.9]
    best = max(informative, key=lambda r: min(r["relative_a"], r["relative_b"]))
    unlearnt = sorted(set(tasks) - learnt)
    merges = combo["merges"]
    merge_lines, merge_summary = _merge_table(merges, plan)
    return f"""
## 3. Adding task prompt vectors of two tasks (paper Figure 3)

For every pair of the source tasks of the paper's Figure 3 that this plan uses ({', '.join(tasks)};
imdb stands in for Yelp polarity, which `../shared/data` lacks) and every seed: a lambda-search job picks λ ∈ {{0, {plan.lambda_step}, …, 1}}
for init + λ(τ_a + τ_b) by the mean validation score of both tasks ({plan.lambda_validation} examples
each), then `POST /evaluate` scores it on both test splits. Relative = that score divided by the task's
own tuned prompt's score on the same seed (experiment 1), averaged over seeds.

![Relative performance of pairs]({figure})

{chr(10).join(lines)}

The paper: "the arithmetic addition of task prompt vectors from multiple tasks represents a
competitive and computationally more effective alternative to state-of-the-art solutions" (an
earlier version: it outperforms "a state-of-the-art baseline in some cases"). {_unlearnt_pairs(unlearnt)}Of the
{len(informative)} pairs of tasks that learnt, {len(both)} keep at least 90 % of the single-task score on both
tasks; the best is {best['a']} + {best['b']} ({best['relative_a']:.2f} and {best['relative_b']:.2f}).
{'**Reproduced** (some pairs retain both tasks).' if both else '**Not reproduced** (no pair keeps 90 % on both tasks).'}

### Merge methods against plain addition

On seed {merges['seed']}, each pair merged with {' and '.join(m.upper() for m in plan.merge_methods)} (density
{merges['density']}) instead of the sum, each method with its own λ from a search on {plan.merge_validation} validation examples per
task (`POST /lambda-search` with `method`), scored on both test splits:

{merge_lines}

{merge_summary}
"""


def _unlearnt_pairs(unlearnt):
    if not unlearnt:
        return ""
    return (f"Pairs with {' or '.join(unlearnt)} say little: those prompts did not learn (experiment 1), so their "
            f"relative scores compare near-chance numbers, and λ near 0 keeps the untuned init. ")


def _merge_table(merges, plan):
    methods = ["sum", *plan.merge_methods]
    lines = ["| pair | " + " | ".join(f"{m} (λ; a, b)" for m in methods) + " |", "|---|" + "---:|" * len(methods)]
    wins = {m: 0 for m in plan.merge_methods}
    totals = {m: [] for m in methods}
    for entry in merges["pairs"]:
        cells = []
        for m in methods:
            e = entry[m]
            cells.append(f"{e['lambda']:.2f}; {e['test'][entry['a']]:.3f}, {e['test'][entry['b']]:.3f}")
            totals[m].append(mean(e["test"].values()))
        for m in plan.merge_methods:
            wins[m] += mean(entry[m]["test"].values()) > mean(entry["sum"]["test"].values())
        lines.append(f"| {entry['a']} + {entry['b']} | " + " | ".join(cells) + " |")
    n = len(merges["pairs"])
    summary = " ".join(f"{m} beats sum on the mean of both test scores in {wins[m]} of {n} pairs "
                       f"(mean over pairs {mean(totals[m]):.3f} against sum's {mean(totals['sum']):.3f})."
                       for m in plan.merge_methods)
    return "\n".join(lines), summary


def _few_shot(results, plan, folder):
    rows = results["few_shot"]["rows"]
    shots = ["0", *map(str, plan.shots)]
    sections, panels = [], []
    for target in plan.targets:
        a, b = target.sources
        names = {**INIT_NAMES, "spot_a": f"SPoT {a}", "spot_b": f"SPoT {b}", "tpv": f"TPV {a}+{b}",
                 "multi_spot": f"multi-task SPoT {a}+{b}"}
        lines = ["| init | " + " | ".join(f"{k}-shot" for k in shots) + " |", "|---|" + "---:|" * len(shots)]
        mine = [r for r in rows if r["target"] == target.task]
        for r in mine:
            best = {k: max(x["cells"][k]["mean"] for x in mine) for k in shots}
            cells = [(f"**{pm(r['cells'][k]['mean'], r['cells'][k]['std'])}**" if r["cells"][k]["mean"] == best[k]
                      else pm(r["cells"][k]["mean"], r["cells"][k]["std"])) for k in shots]
            lines.append(f"| {names[r['init']]} | " + " | ".join(cells) + " |")
        panels.append((f"{target.task} ← {a} + {b}", [[r["cells"][k]["mean"] for k in shots] for r in mine],
                       [[r["cells"][k]["std"] for k in shots] for r in mine]))
        tpv = next(r for r in mine if r["init"] == "tpv")
        random = next(r for r in mine if r["init"] == "random")
        multi = next(r for r in mine if r["init"] == "multi_spot")
        learnt = {r["task"] for r in results["init_independence"]["rows"] if _learnt(r, plan)}
        silent = [t for t in (a, b) if t not in learnt]
        beats_random = [k for k in shots if tpv["cells"][k]["mean"] > random["cells"][k]["mean"]]
        beats_multi = [k for k in shots if tpv["cells"][k]["mean"] > multi["cells"][k]["mean"]]
        note = f" ({target.note})" if target.note else ""
        sections.append(f"""
### {target.task} from {a} and {b}{note}

{chr(10).join(lines)}

TPV {a}+{b} beats the random init at {', '.join(beats_random) or 'no'} shot counts and multi-task SPoT at
{', '.join(beats_multi) or 'no'} shot counts.{_silent_sources(silent)}""")
    figure = _figure(folder, "few-shot.svg", svg.line_panels(
        "Few-shot test score by init (mean ± std over seeds)", panels, shots,
        [INIT_NAMES[i] for i in INITS], y_label="test macro-F1"))
    learnt = {r["task"] for r in results["init_independence"]["rows"] if _learnt(r, plan)}
    judged = [t for t in plan.targets if all(source in learnt for source in t.sources)] or list(plan.targets)
    wins_random = sum(1 for target in judged for k in shots[1:]
                      if _cell(rows, target.task, "tpv", k) > _cell(rows, target.task, "random", k))
    wins_multi = sum(1 for target in judged for k in shots[1:]
                     if _cell(rows, target.task, "tpv", k) > _cell(rows, target.task, "multi_spot", k))
    cells = len(judged) * len(plan.shots)
    judged_names = ", ".join(t.task for t in judged)
    p = results["few_shot"]["parameters"]
    verdict = ("**Reproduced.**" if wins_random >= 0.75 * cells and wins_multi >= cells / 3 else
               "**Partly reproduced.**" if wins_random >= cells / 2 else "**Not reproduced.**")
    return f"""
## 4. Task prompt vectors as the init of few-shot prompt tuning (paper Table 2, Figure 4)

Each target is tuned on k examples of its train split (drawn per seed, class proportions kept) from
five inits: the seed's random init; the tuned prompt of each source (SPoT); a prompt tuned on both
sources' training data mixed together (multi-task SPoT, {plan.source_steps} steps like the sources);
and init + λ(τ_a + τ_b) with λ from experiment 3's search for that pair and seed. 0-shot is the init
itself, scored by `POST /evaluate`. Each k-shot run makes {plan.few_shot_passes} example passes
(epochs = passes / k: {', '.join(f"{k}-shot {v['epochs']} epochs of batch {v['batch_size']}" for k, v in p.items())}),
learning rate {plan.learning_rate}, and keeps its last prompt. Bold: the best init per column.

![Few-shot curves]({figure})
{''.join(sections)}

The paper: "task prompt vectors can be used in low-resource settings to initialize prompt tuning on
similar tasks effectively", and their addition is "a competitive … alternative" to multi-task
SPoT. Here, over the {cells} (target, k > 0) cells of the targets whose sources learnt ({judged_names}),
TPV a+b beats the random init in {wins_random} and multi-task SPoT in {wins_multi}. {verdict} The
spread over seeds is large at 5 to 25 shots (see the ± columns), so single cells decide little.
"""


def _silent_sources(silent):
    if not silent:
        return ""
    return (f" But {' and '.join(silent)} did not learn in experiment 1, so the SPoT, multi-task and TPV inits here "
            f"are close to random ones: this target says little about transfer.")


def _cell(rows, task, init, k):
    return next(r for r in rows if r["target"] == task and r["init"] == init)["cells"][k]["mean"]


def _recommendation(results):
    rec = results["recommendation"]
    lines = ["| target | seed | top-ranked (zero-shot score) | runner-up | " f"{rec['shots']}-shot from top | random | best SPoT |",
             "|---|---:|---|---|---:|---:|---:|"]
    for r in rec["rows"]:
        ranking = r["ranking"]
        lines.append(f"| {r['target']} | {r['seed']} | {ranking[0][0]} ({ranking[0][1]:.3f}) | "
                     f"{ranking[1][0] if len(ranking) > 1 else '–'} | {r['score']:.3f} | {r['random']:.3f} | {r['best_spot']:.3f} |")
    n = len(rec["rows"])
    beats_random = sum(r["beats_random"] for r in rec["rows"])
    beats_spot = sum(r["beats_best_spot"] for r in rec["rows"])
    ties = sum(r["ties_best_spot"] for r in rec["rows"])
    return f"""
### Which source to start from: `POST /recommend` as a guide

For each target and seed, `POST /recommend` ranked every other source task of experiment 1 by the
zero-shot score of init + τ on the target's {rec['shots']} training shots (the same examples the
{rec['shots']}-shot runs train on; λ = 1). The top-ranked source's tuned prompt then started
{rec['shots']}-shot tuning (reused when it is one of the paper's two sources).

{chr(10).join(lines)}

The top-ranked source beat the random init in {beats_random} of {n} runs and the better of the
paper's two SPoT sources in {beats_spot} of {n} ({ties} equal, where the top-ranked source is that
source).
"""


def _scaled_down(plan, sources):
    return f"""
## What was scaled down, and why

The whole reproduction has to run on 2 CPU cores within 2 hours, through the hub's own jobs:

- **Model**: all-MiniLM-L6-v2 (22 M parameters, 384-wide) with a label-word head instead of the
  paper's T5-base generating label words; prompts of 20 tokens instead of 100.
- **Data**: `../shared/data` caps train at 2,000 and validation at 500 examples per task; tests
  here use a fixed stratified draw of {plan.test_size} examples (a score's standard error is about
  {_standard_error(plan):.3f}) because scoring dominates the run time.
- **Source training**: {plan.source_steps} steps of batch {plan.batch_size} ({plan.source_steps * plan.batch_size} examples,
  {plan.source_steps * plan.batch_size / 2000:.2f} of an epoch of 2,000) at learning rate {plan.learning_rate}, against the
  paper's epochs over full datasets; that run's one validation pass ({plan.validation_limit} examples) picks
  nothing and only reports.
  Harder tasks (NLI, paraphrase, acceptability) learn little in that budget with this model.
- **Pairs**: the pairs of the paper's Figure 3 sources ({len(plan.pair_tasks)} tasks, {len(plan.pair_tasks) * (len(plan.pair_tasks) - 1) // 2} pairs),
  not all pairs of the {sources} source tasks of experiment 1.
- **λ search**: a grid of step {plan.lambda_step} on {plan.lambda_validation} validation examples per task.
- **Merge methods**: {', '.join(plan.merge_methods)} on one seed, at one density ({plan.merge_density}).
- **Few-shot**: {plan.few_shot_passes} example passes per run whatever k, instead of training to convergence.
- **Substitutes**: imdb for Yelp polarity; targets as in the paper otherwise (scitail, agnews, sst5).
"""
