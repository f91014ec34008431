"""Puts ../shared/data on the hub through `POST /datasets`: train and validation as they are, the
test split as a fixed stratified draw of `plan.test_size`, and the mixed data of multi-task SPoT.
Idempotent: a split already there with the same content is kept; a different one is an error."""
import hashlib
import json
import os
import random

from tpvhub import HubError


class SharedData:
    def __init__(self, folder):
        self.folder = folder
        with open(os.path.join(folder, "tasks.json")) as file:
            self.tasks = {task["name"]: task for task in json.load(file)}

    def names(self):
        return list(self.tasks)

    def rows(self, task, split):
        with open(os.path.join(self.folder, task, f"{split}.jsonl")) as file:
            return [json.loads(line) for line in file if line.strip()]

    def is_regression(self, task):
        return self.tasks[task]["type"] == "regression"


def stratified_draw(rows, size, seed=0):
    """`size` rows keeping the label (or integer score bin) proportions, shuffled: the first N of
    the result are themselves a fair draw, so `limit=N` evaluations stay stratified-ish."""
    if size is None or size >= len(rows):
        return rows
    key = (lambda row: row["label"]) if "label" in rows[0] else (lambda row: int(row["score"]))
    groups = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    generator = random.Random(seed)
    chosen = []
    remainders = []
    for name in sorted(groups, key=str):
        members = groups[name]
        exact = size * len(members) / len(rows)
        chosen += generator.sample(members, int(exact))
        remainders.append((exact - int(exact), name))
    for _, name in sorted(remainders, reverse=True)[: size - len(chosen)]:
        taken = {id(row) for row in chosen}
        chosen.append(generator.choice([row for row in groups[name] if id(row) not in taken]))
    generator.shuffle(chosen)
    return chosen


def mixed_rows(data, tasks, split, per_task=None, seed=0):
    """Both tasks' examples interleaved at random: the training data of multi-task SPoT."""
    rows = []
    for task in tasks:
        part = data.rows(task, split)
        rows += part if per_task is None else random.Random(seed).sample(part, min(per_task, len(part)))
    random.Random(seed).shuffle(rows)
    return rows


def jsonl(rows):
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


class DatasetUploader:
    def __init__(self, hub, log):
        self.hub = hub
        self.log = log
        self.present = {item["task"]: item for item in hub.datasets()}

    def ensure(self, task, split, rows, labels):
        body = jsonl(rows)
        digest = hashlib.sha256(body).hexdigest()
        existing = self.present.get(task, {}).get("splits", {}).get(split)
        if existing is not None:
            if existing["sha256"] != digest:
                raise SystemExit(f"the hub's {task}/{split} differs from this plan's ({existing['sha256'][:12]} vs {digest[:12]}); "
                                 f"run against a fresh --data folder, or delete it: DELETE /datasets/{task}/{split}")
            return
        first = task not in self.present
        try:
            self.hub.upload_dataset(task, split, body, labels=labels if first else None)
        except HubError as error:
            raise SystemExit(f"uploading {task}/{split} failed: {error}") from error
        self.present.setdefault(task, {"splits": {}})["splits"][split] = {"sha256": digest}
        self.log(f"uploaded {task}/{split}: {len(rows)} examples")

    def ensure_task(self, data, task, test_size):
        labels = data.tasks[task].get("labels") or None
        self.ensure(task, "train", data.rows(task, "train"), labels)
        self.ensure(task, "validation", data.rows(task, "validation"), labels)
        self.ensure(task, "test", stratified_draw(data.rows(task, "test"), test_size), labels)

    def ensure_mixture(self, data, name, tasks):
        labels = []
        for task in tasks:
            labels += [label for label in data.tasks[task]["labels"] if label not in labels]
        self.ensure(name, "train", mixed_rows(data, tasks, "train"), labels)
        self.ensure(name, "validation", mixed_rows(data, tasks, "validation"), labels)
