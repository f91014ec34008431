import Store

/// What a job run needs from the service: the store, the models, where to report, and whether to stop.
struct JobContext {
    let store: HubStore
    let models: ModelCatalog
    let events: JobEvents
    /// "tpv-hub 0.1.0": recorded in every vector's provenance.
    let codeVersion: String
    /// True once the job was cancelled or the server is stopping; polled between steps.
    let isCancelled: () -> Bool
}
