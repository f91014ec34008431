import Foundation
import JSON
import Testing
import TestSupport

/// The `tpv train`, `tpv jobs` and `tpv evaluate` binaries against a hub speaking the jobs API.
@Suite(.serialized) struct CommandTests {
    let hub: ScriptedJobsHub

    init() throws {
        hub = try ScriptedJobsHub()
    }

    func tpv(_ arguments: [String], token: String? = ScriptedJobsHub.token) throws -> ProcessResult {
        var environment = ["TPV_HUB": hub.address, "TPV_TOKEN": ""]
        if let token { environment["TPV_TOKEN"] = token }
        return try runProcess(HubProcess.executable, arguments, environment: environment)
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func trainPostsTheJobFollowsItAndPrintsTheResult() throws {
        let result = try tpv(["train", "--model", "all-minilm-l6-v2", "--task", "sst2", "--seed", "1", "--epochs", "2",
                              "--learning-rate", "0.3", "--init", "compose:mnli,qnli@0.5", "--store-as", "sst2-composed"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(lines(result.output) == [
            "job 42 queued, next in line",
            "job 42 succeeded in 0:12",
            "validation: macro-F1 0.800, accuracy 0.810, n 500",
            "test: macro-F1 0.790, accuracy 0.800, n 1000",
            "vector: /vectors/7",
        ])
        // stderr is a pipe here: state changes, evaluations and one progress line per tenth.
        #expect(lines(result.stderr) == [
            "job 42 running",
            "job 42 [##..................] 1/10 epoch 1 loss 0.500 20.0 ex/s eta 0:09",
            "job 42 [####................] 2/10 epoch 1 loss 0.500 20.0 ex/s eta 0:08",
            "job 42 [######..............] 3/10 epoch 1 loss 0.500 20.0 ex/s eta 0:07",
            "job 42 [########............] 4/10 epoch 1 loss 0.500 20.0 ex/s eta 0:06",
            "job 42 [##########..........] 5/10 epoch 1 loss 0.500 20.0 ex/s eta 0:05",
            "job 42 step 5 epoch 1: validation macro-F1 0.700, accuracy 0.710, n 500; training loss 0.520",
            "job 42 [############........] 6/10 epoch 2 loss 0.500 20.0 ex/s eta 0:04",
            "job 42 [##############......] 7/10 epoch 2 loss 0.500 20.0 ex/s eta 0:03",
            "job 42 [################....] 8/10 epoch 2 loss 0.500 20.0 ex/s eta 0:02",
            "job 42 [##################..] 9/10 epoch 2 loss 0.500 20.0 ex/s eta 0:01",
            "job 42 [####################] 10/10 epoch 2 loss 0.500 20.0 ex/s eta 0:00",
        ])
        #expect(hub.bodies("POST /jobs") == [[
            "kind": "train", "model": "all-minilm-l6-v2", "task": "sst2", "seed": 1,
            "init": ["compose": ["tasks": "mnli,qnli", "lambda": 0.5]], "epochs": 2, "learning_rate": 0.3,
            "store_as": "sst2-composed",
        ]])
    }

    @Test func trainWithJSONPrintsOnlyTheFinalJob() throws {
        let result = try tpv(["train", "--model", "m", "--task", "sst2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try JSONValue.parse(Array(result.stdout)) == ScriptedJobsHub.succeeded)
    }

    @Test func detachedTrainReturnsAtOnce() throws {
        let result = try tpv(["train", "--model", "m", "--task", "sst2", "--detach"])
        #expect(result.status == 0)
        #expect(result.output == "job 42 queued, next in line\n")
        let json = try tpv(["train", "--model", "m", "--task", "sst2", "--detach", "--json"])
        #expect(try JSONValue.parse(Array(json.stdout))["id"] == 42)
        #expect(hub.log.eventStreamsOpened.withLock { $0[42] } == nil, "no stream was opened")
    }

    @Test func aFailedJobExitsOneWithItsError() throws {
        let result = try tpv(["train", "--model", "m", "--task", "broken"])
        #expect(result.status == 1)
        #expect(result.output == "job 43 queued, next in line\n")
        #expect(result.stderr.contains("job 43 failed: task 'broken' has no validation split"))
    }

    @Test func refusedRequestsExitTwoWithTheHubsDetail() throws {
        let conflict = try tpv(["train", "--model", "m", "--task", "taken"])
        #expect(conflict.status == 2)
        #expect(conflict.stderr == "Error: POST /jobs: 409 Conflict: A vector already exists under (all-minilm-l6-v2, taken, 1); pass --store-as or another --seed.\n")
        let anonymous = try tpv(["train", "--model", "m", "--task", "sst2"], token: nil)
        #expect(anonymous.status == 2)
        #expect(anonymous.stderr.contains("401 Unauthorized"))
        #expect(anonymous.stderr.contains("Pass a token with --token or TPV_TOKEN"))
        let flag = try tpv(["train", "--model", "m", "--task", "sst2", "--detach", "--token", ScriptedJobsHub.token], token: nil)
        #expect(flag.status == 0, "--token works like TPV_TOKEN: \(flag.stderr)")
    }

    @Test func followReconnectsWhenTheStreamBreaksBeforeTheEnd() throws {
        let result = try tpv(["jobs", "follow", "44"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("the event stream ended before the job did; reconnecting in 1 s"))
        #expect(lines(result.output) == ["job 44 succeeded", "vector: /vectors/8"])
        #expect(hub.log.eventStreamsOpened.withLock { $0[44] } == 2)
    }

    @Test func jobsListsAsATableAndFiltersByStatus() throws {
        let all = try tpv(["jobs"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(lines(all.output) == [
            "ID  KIND   STATUS     MODEL             TASK  SEED  PROGRESS  MACRO-F1  CREATED (UTC)",
            "42  train  succeeded  all-minilm-l6-v2  sst2     1      100%     0.790  2026-11-29 08:00:00",
            "43  train  running    all-minilm-l6-v2  sst2     1       30%         -  2026-11-29 08:00:00",
        ])
        let running = try tpv(["jobs", "--status", "running"])
        #expect(lines(running.output).count == 2)
        #expect(try tpv(["jobs", "list", "--status", "failed"]).output == "no failed jobs\n")
        #expect(try tpv(["jobs", "--status", "bogus"]).status == 2)
    }

    @Test func showPrintsIndentedJSONAndNamesMissingJobs() throws {
        let shown = try tpv(["jobs", "show", "42"])
        #expect(try JSONValue.parse(Array(shown.stdout)) == ScriptedJobsHub.succeeded)
        #expect(shown.output.contains("\n  \"id\": 42,\n"))
        let missing = try tpv(["jobs", "show", "41"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "Error: GET /jobs/41: 404 Not Found: No job 41.\n")
    }

    @Test func cancel() throws {
        #expect(try tpv(["jobs", "cancel", "42"]).output == "job 42 cancelled\n")
        let stopping = try tpv(["jobs", "cancel", "45"])
        #expect(stopping.output.hasPrefix("job 45 is stopping (cancel requested)"), "\(stopping.stderr)")
        let finished = try tpv(["jobs", "cancel", "9"])
        #expect(finished.status == 2 && finished.stderr.contains("409 Conflict: Job 9 already finished."))
    }

    @Test func evaluatePostsThePromptAndPrintsTheMetrics() throws {
        let result = try tpv(["evaluate", "--model", "m", "--task", "sst2", "--split", "validation",
                              "--prompt", "compose:mnli,qnli@0.5:3", "--limit", "20"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output == "macro-F1 0.750, accuracy 0.760, n 20 (m sst2 validation 1.2 s)\n")
        #expect(hub.bodies("POST /evaluate") == [["model": "m", "task": "sst2", "split": "validation",
                                                  "prompt": ["compose": ["tasks": "mnli,qnli", "lambda": 0.5, "seed": 3]],
                                                  "limit": 20]])
        let json = try tpv(["evaluate", "--model", "m", "--task", "sst2", "--prompt", "none", "--json"])
        #expect(try JSONValue.parse(Array(json.stdout))["metrics"]?["n"] == 20)
    }
}
