import JSON

/// A running job's progress: the `progress` member of a job and the data of `progress` events.
public struct JobProgress: Equatable, Sendable {
    public var step: Int
    public var total: Int
    public var epoch: Int?
    public var loss: Double?
    public var examplesPerSecond: Double?
    public var etaSeconds: Double?

    public init(step: Int, total: Int, epoch: Int? = nil, loss: Double? = nil,
                examplesPerSecond: Double? = nil, etaSeconds: Double? = nil) {
        self.step = step
        self.total = total
        self.epoch = epoch
        self.loss = loss
        self.examplesPerSecond = examplesPerSecond
        self.etaSeconds = etaSeconds
    }

    /// Nil unless `json` has integer `step` and `total`.
    public init?(json: JSONValue) {
        guard let step = json["step"]?.intValue, let total = json["total"]?.intValue else { return nil }
        self.init(step: step, total: total, epoch: json["epoch"]?.intValue, loss: json["loss"]?.doubleValue,
                  examplesPerSecond: json["examples_per_second"]?.doubleValue, etaSeconds: json["eta_seconds"]?.doubleValue)
    }

    /// Done share in 0...1 (0 while the total is unknown).
    public var fraction: Double {
        total > 0 ? min(1, max(0, Double(step) / Double(total))) : 0
    }
}
