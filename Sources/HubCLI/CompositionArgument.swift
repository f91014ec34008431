import Foundation

/// `TASKS@LAMBDA`, optionally followed by `:SEED`: the tasks whose vectors are summed
/// (comma-separated) and the factor lambda that scales the sum.
struct CompositionArgument: Equatable {
    var tasks: String
    var lambda: Double
    var seed: Int?

    static func parse(_ text: Substring, allowingSeed: Bool, form: String) throws -> CompositionArgument {
        guard let at = text.lastIndex(of: "@") else {
            throw ArgumentFormatError("'\(text)' has no '@LAMBDA'; write \(form), e.g. mnli,qnli@0.5")
        }
        let tasks = text[..<at].split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !tasks.isEmpty, tasks.allSatisfy({ !$0.isEmpty }) else {
            throw ArgumentFormatError("'\(text)' names no task or an empty one; write \(form), e.g. mnli,qnli@0.5")
        }
        var rest = text[text.index(after: at)...]
        var seed: Int?
        if allowingSeed, let colon = rest.firstIndex(of: ":") {
            guard let value = Int(rest[rest.index(after: colon)...]) else {
                throw ArgumentFormatError("the seed after ':' in '\(text)' is not an integer; write \(form)")
            }
            seed = value
            rest = rest[..<colon]
        }
        guard let lambda = Double(rest), lambda.isFinite else {
            throw ArgumentFormatError("lambda '\(rest)' in '\(text)' is not a number; write \(form), e.g. mnli,qnli@0.5")
        }
        return CompositionArgument(tasks: tasks.joined(separator: ","), lambda: lambda, seed: seed)
    }
}
