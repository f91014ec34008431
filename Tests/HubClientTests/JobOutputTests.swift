import HubCLI
import JSON
import Testing

/// The table of `tpv jobs` and the summary of a finished job.
@Suite struct JobOutputTests {
    @Test func textTableAlignsTextLeftAndNumbersRight() {
        var table = TextTable([("ID", .right), ("NAME", .left), ("SCORE", .right)])
        table.append(["7", "sst2", "0.800"])
        table.append(["123", "a-long-task-name", "-"])
        table.append(["1"])
        #expect(table.render() == [
            " ID  NAME              SCORE",
            "  7  sst2              0.800",
            "123  a-long-task-name      -",
            "  1",
        ])
    }

    static let jobs: [JSONValue] = [
        ["id": 43, "kind": "lambda-search", "status": "queued", "model": "all-minilm-l6-v2", "seed": 1, "position": 0,
         "parameters": ["tasks": "mnli,qnli"], "created_at": "2026-11-29T08:05:00.000Z"],
        ["id": 42, "kind": "train", "status": "running", "model": "all-minilm-l6-v2", "task": "sst2", "seed": 1,
         "progress": ["step": 24, "total": 60], "created_at": "2026-11-29T08:00:00.000Z"],
        ["id": 9, "kind": "train", "status": "succeeded", "model": "all-minilm-l6-v2", "task": "mrpc", "seed": 12,
         "progress": ["step": 60, "total": 60],
         "metrics": ["validation": ["macro_f1": 0.8, "accuracy": 0.81, "n": 500], "test": ["macro_f1": 0.79, "n": 1000]],
         "created_at": "2026-11-28T23:59:59Z"],
    ]

    @Test func jobTable() {
        #expect(JobTable.render(Self.jobs) == [
            "ID  KIND           STATUS     MODEL             TASK       SEED  PROGRESS  MACRO-F1  CREATED (UTC)",
            "43  lambda-search  queued     all-minilm-l6-v2  mnli,qnli     1         -         -  2026-11-29 08:05:00",
            "42  train          running    all-minilm-l6-v2  sst2          1       40%         -  2026-11-29 08:00:00",
            " 9  train          succeeded  all-minilm-l6-v2  mrpc         12      100%     0.790  2026-11-28 23:59:59",
        ])
    }

    @Test func summaryOfASucceededTrainingJob() {
        let job: JSONValue = [
            "id": 42, "status": "succeeded", "vector_id": 7,
            "metrics": ["validation": ["macro_f1": 0.8, "accuracy": 0.81, "n": 500],
                        "test": ["macro_f1": 0.79, "accuracy": 0.8, "n": 1000]],
            "started_at": "2026-11-29T08:00:01.500Z", "finished_at": "2026-11-29T08:01:24.500Z",
        ]
        #expect(JobSummary.lines(job) == [
            "job 42 succeeded in 1:23",
            "validation: macro-F1 0.800, accuracy 0.810, n 500",
            "test: macro-F1 0.790, accuracy 0.800, n 1000",
            "vector: /vectors/7",
        ])
        #expect(JobSummary.exitCode(job) == 0)
        #expect(JobSummary.isFinished(job))
    }

    @Test func summaryOfALambdaSearch() {
        let job: JSONValue = ["id": 5, "kind": "lambda-search", "status": "succeeded",
                              "result": ["best": ["lambda": 0.45, "score": 0.71], "curve": []]]
        #expect(JobSummary.lines(job) == ["job 5 succeeded", "best lambda 0.450, mean validation score 0.710"])
    }

    @Test func summaryOfARecommendation() {
        let entries: [JSONValue] = (1...6).map { ["name": .string("task\($0)"), "score": .double(1 - Double($0) / 10)] }
        let job: JSONValue = ["id": 6, "kind": "recommend", "status": "succeeded",
                              "metrics": ["best": ["name": "task1", "macro_f1": 0.9, "lambda": 1], "random_init": ["macro_f1": 0.4]],
                              "result": ["ranking": .array(entries)]]
        #expect(JobSummary.lines(job) == [
            "job 6 succeeded", "best: macro-F1 0.900, lambda 1", "random_init: macro-F1 0.400",
            "ranking: task1 0.900, task2 0.800, task3 0.700, task4 0.600, task5 0.500, ... (6 in all)",
        ])
    }

    @Test func failedAndCancelledJobsSayWhyAndExitOne() {
        let failed: JSONValue = ["id": 3, "status": "failed", "error": "interrupted 3 times; giving up"]
        #expect(JobSummary.lines(failed) == ["job 3 failed: interrupted 3 times; giving up"])
        #expect(JobSummary.exitCode(failed) == 1)
        let cancelled: JSONValue = ["id": 4, "status": "cancelled"]
        #expect(JobSummary.lines(cancelled) == ["job 4 cancelled"])
        #expect(JobSummary.exitCode(cancelled) == 1)
        #expect(!JobSummary.isFinished(["status": "running"]))
    }

    @Test func evaluationSummary() {
        let answer: JSONValue = ["metrics": ["macro_f1": 0.812, "accuracy": 0.82, "n": 872], "model": "all-minilm-l6-v2",
                                 "task": "sst2", "split": "test", "prompt": ["vector": 7], "seconds": 3.24]
        #expect(EvaluationSummary.line(answer) == "macro-F1 0.812, accuracy 0.820, n 872 (all-minilm-l6-v2 sst2 test 3.2 s)")
    }
}
