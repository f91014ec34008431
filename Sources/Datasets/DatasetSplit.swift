/// The three parts of a labelled dataset: prompts are tuned on `train`, chosen on `validation`,
/// and reported on `test`.
public enum DatasetSplit: String, CaseIterable, Comparable, Sendable {
    case train, validation, test

    /// Listing order: train, validation, test.
    public static func < (a: DatasetSplit, b: DatasetSplit) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
