"""What the reproduction runs: tasks, seeds and sizes. `FULL` is the report in docs/RESULTS.md,
planned to finish within 2 hours on 2 cores; `SMOKE` runs every code path in a few minutes (tests)."""
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class FewShotTarget:
    task: str
    sources: tuple          # the paper's two source tasks for this target, as available here
    note: str = ""          # what was substituted, said in the report


@dataclass(frozen=True)
class Plan:
    name: str
    model: str = "all-minilm-l6-v2"
    seeds: tuple = (1, 2, 3)
    # Experiment 1 sources; None: every task of ../shared/data.
    source_tasks: tuple = None
    # Test examples per task (a stratified draw, the same for every run); None: the whole split.
    test_size: int = 300
    # Source prompt tuning: steps of `batch_size` examples drawn from the whole train split.
    source_steps: int = 40
    batch_size: int = 16
    learning_rate: float = 0.01
    validation_limit: int = 100
    # Experiment 3: the paper's Figure 3 sources; lambda from a grid on validation data.
    pair_tasks: tuple = ("mnli", "qnli", "dbpedia", "trec", "sst2", "imdb")
    lambda_step: float = 0.25
    lambda_validation: int = 100
    # Compared with sum on the pairs of the first seed (density below), each with its own lambda.
    merge_methods: tuple = ("ties", "dare")
    merge_density: float = 0.5
    merge_validation: int = 50
    # Experiment 4
    targets: tuple = (
        FewShotTarget("scitail", ("mnli", "qnli")),
        FewShotTarget("agnews", ("dbpedia", "trec")),
        FewShotTarget("sst5", ("sst2", "imdb"), "imdb stands in for Yelp polarity (not in ../shared/data)"),
    )
    shots: tuple = (5, 10, 25, 100)
    # Example passes of a few-shot run (epochs = passes / shots, at least 1), batch min(shots, 8).
    few_shot_passes: int = 200
    few_shot_batch: int = 8
    few_shot_validation: int = 50
    recommend: bool = True


FULL = Plan("full")

SMOKE = replace(
    FULL, name="smoke", seeds=(1, 2), source_tasks=("sst2", "trec", "imdb", "sst5"), test_size=40,
    source_steps=3, batch_size=8, validation_limit=20, pair_tasks=("sst2", "trec", "imdb"),
    lambda_step=0.5, lambda_validation=20, merge_methods=("ties",), merge_validation=20,
    targets=(FewShotTarget("sst5", ("sst2", "imdb"), "imdb stands in for Yelp polarity"),),
    shots=(5, 10), few_shot_passes=20, few_shot_validation=10)

PLANS = {"full": FULL, "smoke": SMOKE}
