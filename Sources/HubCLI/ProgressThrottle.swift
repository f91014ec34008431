/// When progress goes to a log instead of a terminal (no redrawing), one line per 10 % of
/// the steps is plenty: this admits the first report and then one per new tenth.
public struct ProgressThrottle: Sendable {
    private var lastTenth = -1

    public init() {}

    public mutating func admits(_ progress: JobProgress) -> Bool {
        let tenth = Int((progress.fraction * 10).rounded(.down))
        guard tenth > lastTenth else { return false }
        lastTenth = tenth
        return true
    }
}
