/// What a job does.
public enum JobKind: String, CaseIterable, Equatable, Sendable {
    /// Prompt tuning on one task; stores the resulting vector.
    case train
    /// Evaluates compositions of task prompt vectors over a range of lambda; stores no vector.
    case lambdaSearch = "lambda-search"
    /// Ranks stored source vectors (and pairs) for initialising a target task; stores no vector.
    case recommend
}
