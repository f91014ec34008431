import HubCLI
import HubClient
import JSON
import Testing

/// What a person following a job sees.
@Suite struct ProgressDisplayTests {
    @Test func progressLineHasBarStepsEpochLossRateAndETA() {
        let progress = JobProgress(step: 24, total: 60, epoch: 2, loss: 0.6118, examplesPerSecond: 21.27, etaSeconds: 31.2)
        #expect(ProgressLine.render(jobID: 42, progress: progress)
                == "job 42 [########............] 24/60 epoch 2 loss 0.612 21.3 ex/s eta 0:31")
        #expect(ProgressLine.render(jobID: 1, progress: JobProgress(step: 0, total: 0))
                == "job 1 [....................] 0/0", "unknown parts are left out; a zero total draws an empty bar")
        #expect(ProgressLine.render(jobID: 1, progress: JobProgress(step: 60, total: 60), barWidth: 4) == "job 1 [####] 60/60")
    }

    @Test func progressFromTheContractsJSON() {
        let json: JSONValue = ["step": 10, "total": 60, "epoch": 2, "loss": 0.61, "examples_per_second": 22.1, "eta_seconds": 31.0]
        #expect(JobProgress(json: json) == JobProgress(step: 10, total: 60, epoch: 2, loss: 0.61, examplesPerSecond: 22.1, etaSeconds: 31))
        #expect(JobProgress(json: ["step": 1]) == nil)
    }

    @Test func clockReadings() {
        #expect(ProgressLine.clock(0) == "0:00")
        #expect(ProgressLine.clock(31.4) == "0:31")
        #expect(ProgressLine.clock(725) == "12:05")
        #expect(ProgressLine.clock(3723) == "1:02:03")
    }

    @Test func throttleAdmitsTheFirstReportAndOnePerTenth() {
        var throttle = ProgressThrottle()
        let admitted = (0...60).filter { throttle.admits(JobProgress(step: $0, total: 60)) }
        #expect(admitted == [0, 6, 12, 18, 24, 30, 36, 42, 48, 54, 60])
        var coarse = ProgressThrottle()
        #expect([1, 2, 3].filter { coarse.admits(JobProgress(step: $0, total: 3)) } == [1, 2, 3])
    }

    @Test func metricsText() {
        #expect(MetricsText.summary(["macro_f1": 0.8, "accuracy": 0.81, "n": 500]) == "macro-F1 0.800, accuracy 0.810, n 500")
        #expect(MetricsText.summary(["n": 10, "pearson": 0.7312]) == "pearson 0.731, n 10")
        #expect(MetricsText.summary(["accuracy": 1, "mcc": 0.25, "support": 3]) == "accuracy 1.000, mcc 0.250, support 3")
        #expect(MetricsText.summary(.null) == "no metrics")
    }

    static let queued: JSONValue = ["id": 42, "status": "queued", "position": 2]
    static let running: JSONValue = ["id": 42, "status": "running", "attempts": 1,
                                     "progress": ["step": 6, "total": 60, "epoch": 1, "loss": 0.7]]

    func event(_ name: String, _ data: JSONValue) -> ServerSentEvent {
        ServerSentEvent(event: name, data: String(decoding: data.serialized(), as: UTF8.self))
    }

    @Test func logModeShowsStateChangesEvaluationsAndATenthOfTheProgress() throws {
        var presenter = JobEventPresenter(jobID: 42, redraws: false)
        var outputs = try presenter.present(event("status", Self.queued))
        outputs += try presenter.present(event("status", Self.queued))
        outputs += try presenter.present(event("status", Self.running))
        for step in 7...13 { outputs += try presenter.present(event("progress", ["step": .int(step), "total": 60])) }
        outputs += try presenter.present(event("evaluation", ["step": 12, "epoch": 1, "training_loss": 0.65,
                                                              "validation": ["macro_f1": 0.7, "accuracy": 0.72, "n": 50]]))
        outputs += try presenter.present(ServerSentEvent(event: "log-line-from-a-newer-hub", data: "whatever"))
        #expect(presenter.finalJob == nil)
        let final: JSONValue = ["id": 42, "status": "succeeded", "vector_id": 7]
        outputs += try presenter.present(event("end", final))
        #expect(outputs == [
            .line("job 42 queued, 2 jobs ahead"),
            .line("job 42 running"),
            .line("job 42 [##..................] 6/60 epoch 1 loss 0.700"),
            .line("job 42 [####................] 12/60"),
            .line("job 42 step 12 epoch 1: validation macro-F1 0.700, accuracy 0.720, n 50; training loss 0.650"),
        ])
        #expect(presenter.finalJob == final)
    }

    @Test func terminalModeRedrawsEveryProgressEvent() throws {
        var presenter = JobEventPresenter(jobID: 42, redraws: true, known: ["id": 42, "status": "queued", "position": 0])
        var outputs = try presenter.present(event("status", ["id": 42, "status": "queued", "position": 0]))
        outputs += try presenter.present(event("progress", ["step": 1, "total": 60]))
        outputs += try presenter.present(event("progress", ["step": 2, "total": 60]))
        #expect(outputs == [.progress("job 42 [....................] 1/60"), .progress("job 42 [....................] 2/60")],
                "the known state is not announced again")
    }

    @Test func stateLines() {
        #expect(JobEventPresenter.stateLine(["id": 1, "status": "queued", "position": 0]) == "job 1 queued, next in line")
        #expect(JobEventPresenter.stateLine(["id": 1, "status": "queued", "position": 1]) == "job 1 queued, 1 job ahead")
        #expect(JobEventPresenter.stateLine(["id": 1, "status": "running", "attempts": 2]) == "job 1 running (attempt 2)")
    }

    @Test func eventsThatAreNotJSONAreReported() {
        var presenter = JobEventPresenter(jobID: 3, redraws: false)
        let error = #expect(throws: HubClientError.self) { try presenter.present(ServerSentEvent(event: "progress", data: "{oops")) }
        #expect(error?.description.contains("the 'progress' event's data is not JSON") == true)
    }
}
