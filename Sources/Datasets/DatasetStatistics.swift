/// What a dataset holds, summarised: examples per class, or the spread of the scores.
public enum DatasetStatistics: Equatable, Sendable {
    /// Examples per class, indexed like the task's labels (zero for a class with none).
    case labelCounts([Int])
    /// Count, minimum, maximum and mean of the regression scores.
    case scores(ScoreSummary)
}

/// The spread of a regression dataset's scores.
public struct ScoreSummary: Equatable, Sendable {
    public let count: Int
    public let min: Double
    public let max: Double
    public let mean: Double

    public init(count: Int, min: Double, max: Double, mean: Double) {
        self.count = count
        self.min = min
        self.max = max
        self.mean = mean
    }
}

/// A validated dataset: the schema its lines follow, how many there are, and their statistics.
public struct DatasetSummary: Equatable, Sendable {
    public let schema: TaskSchema
    public let exampleCount: Int
    public let statistics: DatasetStatistics

    public init(schema: TaskSchema, exampleCount: Int, statistics: DatasetStatistics) {
        self.schema = schema
        self.exampleCount = exampleCount
        self.statistics = statistics
    }
}
