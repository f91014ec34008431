import Foundation
import HubCLI
import HubClient
import JSON

/// Follows a job's events until it finishes, showing them on stderr. The job runs on the hub
/// whatever happens to this connection, so a stream that breaks after it has delivered events
/// (hub restart, proxy timeout) is reopened after a pause; the hub starts every stream with
/// the job's current state. A first connection that fails is reported at once.
struct JobFollower {
    let client: HubClient
    let jobID: Int
    /// The job as already shown to the user (the answer of POST /jobs), if any.
    var known: JSONValue?
    static let maximumRetries = 8

    /// The finished job (status succeeded, failed or cancelled).
    func follow() throws -> JSONValue {
        let terminal = ProgressTerminal()
        defer { terminal.finish() }
        var presenter = JobEventPresenter(jobID: jobID, redraws: terminal.isTerminal, known: known)
        var failures = 0
        var connected = false
        while true {
            let reason: HubClientError
            do {
                try client.events("/jobs/\(jobID)/events") { event in
                    failures = 0
                    if !connected && terminal.isTerminal {
                        terminal.show(.line("(Ctrl-C stops watching; the job goes on. `tpv jobs cancel \(jobID)` stops it.)"))
                    }
                    connected = true
                    terminal.show(try presenter.present(event))
                    return presenter.finalJob == nil
                }
                if let finalJob = presenter.finalJob { return finalJob }
                reason = .transport(request: "GET /jobs/\(jobID)/events", reason: "the event stream ended before the job did")
            } catch let error as HubClientError where error.isTransient && connected {
                reason = error
            }
            failures += 1
            guard failures <= Self.maximumRetries else { throw reason }
            let delay = min(10, 1 << (failures - 1))
            terminal.show(.line("\(reason); reconnecting in \(delay) s"))
            Thread.sleep(forTimeInterval: Double(delay))
        }
    }
}
