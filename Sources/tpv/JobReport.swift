import ArgumentParser
import Foundation
import HubCLI
import JSON

/// Prints a finished job, as a summary or as JSON, and exits 1 unless it succeeded.
enum JobReport {
    static func finish(_ job: JSONValue, json: Bool) throws {
        let succeeded = JobSummary.exitCode(job) == 0
        if json {
            print(job.prettyPrinted())
        } else if succeeded {
            JobSummary.lines(job).forEach { print($0) }
        } else {
            FileHandle.standardError.write(Data((JobSummary.lines(job).joined(separator: "\n") + "\n").utf8))
        }
        if !succeeded { throw ExitCode(JobSummary.exitCode(job)) }
    }
}
