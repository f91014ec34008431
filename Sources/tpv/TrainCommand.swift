import ArgumentParser
import Foundation
import HubCLI
import HubClient
import JSON

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Prompt-tune a model on a task as a job on the hub, and follow it.",
        discussion: """
            Prints the job, then its progress on stderr until it finishes, then the metrics and the stored \
            vector. Exit status: 0 when the job succeeded, 1 when it failed or was cancelled, 2 when the \
            request could not be made. Options left out take the hub's defaults.
            """)

    @OptionGroup var hub: HubOptions

    @Option(help: "A model the hub has installed (GET /models).")
    var model: String
    @Option(help: "A task with a train split (GET /datasets).")
    var task: String
    @Option(help: "Seed of the random init; part of the stored vector's key.")
    var seed: Int?
    @Option(help: "Train on this many examples, the class distribution kept.")
    var shots: Int?
    @Option(help: "Passes over the training examples.")
    var epochs: Int?
    @Option(help: "Stop after this many optimiser steps.")
    var maxSteps: Int?
    @Option(help: "Adam's learning rate.")
    var learningRate: Double?
    @Option(help: "Examples per step.")
    var batchSize: Int?
    @Option(help: "Soft-prompt tokens.")
    var promptLength: Int?
    @Option(help: "Longest input in tokens, the prompt included.")
    var maxLength: Int?
    @Option(help: "Adam's weight decay.")
    var weightDecay: Double?
    @Option(help: "Share of the steps spent warming the learning rate up.")
    var warmup: Double?
    @Option(help: "At most this many validation examples per evaluation.")
    var validationLimit: Int?
    @Option(name: .customLong("init"),
            help: ArgumentHelp("Where the prompt starts: \(TrainingInitialization.forms).", valueName: "init"),
            transform: TrainingInitialization.init(parsing:))
    var initialization: TrainingInitialization?
    @Option(help: "Task name to store the vector under (default: --task).")
    var storeAs: String?
    @Flag(help: "Print the new job and return without following it.")
    var detach = false
    @Flag(help: "Print the job as JSON: the final one, or the new one with --detach.")
    var json = false

    var request: TrainJobRequest {
        var request = TrainJobRequest(model: model, task: task)
        request.seed = seed
        request.shots = shots
        request.epochs = epochs
        request.maxSteps = maxSteps
        request.learningRate = learningRate
        request.batchSize = batchSize
        request.promptLength = promptLength
        request.maxLength = maxLength
        request.weightDecay = weightDecay
        request.warmup = warmup
        request.validationLimit = validationLimit
        request.initialization = initialization
        request.storeAs = storeAs
        return request
    }

    func run() throws {
        let client = hub.client()
        let created = try client.post("/jobs", json: request.json).body
        guard let id = created["id"]?.intValue else {
            throw HubClientError.unexpectedBody(request: "POST /jobs", reason: "the answer has no job id")
        }
        if detach {
            print(json ? created.prettyPrinted() : JobEventPresenter.stateLine(created))
            return
        }
        if !json {
            print(JobEventPresenter.stateLine(created))
            fflush(stdout)  // the job id first, even when stdout is a file or a pipe
        }
        let finished = try JobFollower(client: client, jobID: id, known: json ? nil : created).follow()
        try JobReport.finish(finished, json: json)
    }
}
