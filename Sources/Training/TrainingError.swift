/// What can go wrong while preparing or running a training job. The message says
/// what is wrong and what to do; it ends up in HTTP problem bodies and CLI output.
public struct TrainingError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Thrown when the job's cancellation check answered true; no result is produced.
public struct TrainingCancelled: Error, CustomStringConvertible, Equatable, Sendable {
    /// Optimiser steps completed before the cancel was seen.
    public let completedSteps: Int

    /// Also thrown by runs built on the trainer (a job scoring many prompts) when they see a cancel.
    public init(completedSteps: Int) { self.completedSteps = completedSteps }

    public var description: String { "training cancelled after \(completedSteps) steps" }
}
