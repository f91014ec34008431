"""`make reproduce` end to end on its smoke plan: scripts/reproduce.sh against a real `tpv serve` with
the real model, twice. The first run writes the report, figures, results and pack; the second must
train nothing (every job and evaluation reused) and write the same numbers. scripts/test-live.sh
runs this with TPV_REPRODUCE_SMOKE=1 (it takes a few minutes); elsewhere it is skipped."""
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytestmark = pytest.mark.skipif(os.environ.get("TPV_REPRODUCE_SMOKE") != "1",
                                reason="needs the tpv binary and the model; scripts/test-live.sh reproduce runs it")


def run(tmp_path):
    env = {**os.environ, "REPRO_PLAN": "smoke", "REPRO_DATA": str(tmp_path / "data"), "REPRO_OUT": str(tmp_path / "docs"),
           "REPRO_PACK": str(tmp_path / "pack")}
    done = subprocess.run([os.path.join(ROOT, "scripts", "reproduce.sh")], env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    started = len(re.findall(r"started, attempt", (tmp_path / "data" / "serve.log").read_text()))
    return done, started


def test_the_smoke_plan_runs_through_the_api_and_resumes_without_retraining(tmp_path):
    first, started = run(tmp_path)
    assert started > 20, "the first run trains the sources, searches lambdas and trains the few-shot runs"
    assert "init independence: trained 8/8" in first.stdout and "few-shot: trained" in first.stdout
    report = (tmp_path / "docs" / "RESULTS.md").read_text()
    for figure in re.findall(r"\]\((results/[^)]+\.svg)\)", report):
        ElementTree.parse(tmp_path / "docs" / figure)
    assert len(re.findall(r"\]\((results/[^)]+\.svg)\)", report)) == 5
    results = json.loads((tmp_path / "docs" / "results" / "results.json").read_text())
    assert len(results["init_independence"]["rows"]) == 4 and results["source_tasks"] == ["sst2", "trec", "imdb", "sst5"]
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text())
    assert len(manifest["vectors"]) == 8 and {v["task"] for v in manifest["vectors"]} == set(results["source_tasks"])

    second, started_again = run(tmp_path)
    assert started_again == 0, "a resumed run reuses every finished job"
    assert "trained 8/8" in second.stdout
    again = json.loads((tmp_path / "docs" / "results" / "results.json").read_text())
    for part in ("init_independence", "similarity", "combination", "few_shot", "recommendation"):
        assert again[part] == results[part], part
