"""What a resumed run may reuse: a finished lambda search of exactly the same request, never one
that differs only by a member the other lacks (a TIES search is no plain sum)."""
from reproduce.runner import Runner


class RecordingHub:
    def __init__(self, jobs):
        self.stored = jobs
        self.submitted = []

    def jobs(self, status=None):
        return self.stored

    def lambda_search(self, model, tasks, seed, follow=False, **params):
        self.submitted.append({"tasks": tasks, "seed": seed, **params})
        return {"id": 100 + len(self.submitted), "status": "succeeded", "result": {"from": "new"}}


def search_job(result, **parameters):
    base = {"tasks": "sst2,imdb", "seed": 1, "step": 0.5, "limit": 20}
    return {"id": 1, "kind": "lambda-search", "status": "succeeded", "parameters": {**base, **parameters}, "result": result}


def test_a_sum_search_does_not_reuse_a_ties_search_of_the_same_tasks(tmp_path):
    hub = RecordingHub([search_job({"from": "ties"}, method="ties", density=0.5)])
    runner = Runner(hub, "m", str(tmp_path), print)
    assert runner.lambda_search("sst2,imdb", 1, 0.5, 20) == {"from": "new"}
    assert hub.submitted == [{"tasks": "sst2,imdb", "seed": 1, "step": 0.5, "limit": 20}]


def test_the_same_search_is_reused_and_a_merge_matches_only_its_own(tmp_path):
    hub = RecordingHub([search_job({"from": "ties"}, method="ties", density=0.5), search_job({"from": "sum"})])
    runner = Runner(hub, "m", str(tmp_path), print)
    assert runner.lambda_search("sst2,imdb", 1, 0.5, 20) == {"from": "sum"}
    assert runner.lambda_search("sst2,imdb", 1, 0.5, 20, {"method": "ties", "density": 0.5}) == {"from": "ties"}
    assert runner.lambda_search("sst2,imdb", 1, 0.5, 20, {"method": "ties", "density": 0.3}) == {"from": "new"}
    assert runner.lambda_search("sst2,imdb", 2, 0.5, 20) == {"from": "new"}
    assert len(hub.submitted) == 2
