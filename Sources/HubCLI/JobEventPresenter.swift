import HubClient
import JSON

/// Decides what a person watching a job sees for each event of GET /jobs/{id}/events:
/// state changes and evaluations as lines, progress as a line redrawn in place on a
/// terminal (or one line per 10 % in a log). Pure, so the display is tested without a terminal.
public struct JobEventPresenter {
    public enum Output: Equatable, Sendable {
        /// The progress line; a terminal redraws it in place.
        case progress(String)
        /// A line that stays.
        case line(String)
    }

    public let jobID: Int
    /// On a terminal every progress event redraws the line; otherwise the throttle thins them out.
    public let redraws: Bool
    /// The job as last reported (status or end event).
    public private(set) var job: JSONValue?
    /// The job from the `end` event: set once the job is finished.
    public private(set) var finalJob: JSONValue?

    private var throttle = ProgressThrottle()
    private var shownState: String?

    /// `known` is the job as the caller already showed it (the answer of POST /jobs), so its
    /// state is not announced twice.
    public init(jobID: Int, redraws: Bool, known: JSONValue? = nil) {
        self.jobID = jobID
        self.redraws = redraws
        self.job = known
        shownState = known.map(Self.stateLine)
    }

    public mutating func present(_ event: ServerSentEvent) throws -> [Output] {
        switch event.event {
        case "status":
            let job = try data(of: event)
            self.job = job
            var outputs = announceState(of: job)
            if let progress = job["progress"].flatMap(JobProgress.init(json:)) { outputs += show(progress) }
            return outputs
        case "progress":
            guard let progress = JobProgress(json: try data(of: event)) else { return [] }
            return show(progress)
        case "evaluation":
            return [.line(evaluationLine(try data(of: event)))]
        case "end":
            let job = try data(of: event)
            self.job = job
            finalJob = job
            return []
        default:
            return []  // events a newer hub may add
        }
    }

    /// "job 42 queued, 2 jobs ahead" / "job 42 running" / "job 42 running (attempt 2)".
    public static func stateLine(_ job: JSONValue) -> String {
        let id = job["id"]?.intValue.map(String.init) ?? "?"
        let status = job["status"]?.stringValue ?? "unknown"
        var line = "job \(id) \(status)"
        if status == "queued", let ahead = job["position"]?.intValue {
            line += ahead == 0 ? ", next in line" : ", \(ahead) job\(ahead == 1 ? "" : "s") ahead"
        }
        if status == "running", let attempts = job["attempts"]?.intValue, attempts > 1 { line += " (attempt \(attempts))" }
        return line
    }

    private mutating func announceState(of job: JSONValue) -> [Output] {
        let line = Self.stateLine(job)
        guard line != shownState else { return [] }
        shownState = line
        return [.line(line)]
    }

    private mutating func show(_ progress: JobProgress) -> [Output] {
        let line = ProgressLine.render(jobID: jobID, progress: progress)
        if redraws { return [.progress(line)] }
        return throttle.admits(progress) ? [.line(line)] : []
    }

    /// "job 42 step 24 epoch 2: validation macro-F1 0.812, accuracy 0.820, n 500; training loss 0.612".
    private func evaluationLine(_ data: JSONValue) -> String {
        var line = "job \(jobID)"
        if let step = data["step"]?.intValue { line += " step \(step)" }
        if let epoch = data["epoch"]?.intValue { line += " epoch \(epoch)" }
        line += ": validation " + MetricsText.summary(data["validation"] ?? .null)
        if let loss = data["training_loss"]?.doubleValue { line += "; training loss " + MetricsText.score(loss) }
        return line
    }

    private func data(of event: ServerSentEvent) throws -> JSONValue {
        do {
            return try JSONValue.parse(Array(event.data.utf8))
        } catch {
            throw HubClientError.unexpectedBody(request: "GET /jobs/\(jobID)/events",
                                                reason: "the '\(event.event)' event's data is not JSON: \(error)")
        }
    }
}
