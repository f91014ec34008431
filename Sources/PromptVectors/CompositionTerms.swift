/// The tasks of a composition and their weights, as users write them:
/// `mnli,qnli` (weight 1 each), `mnli:0.7,qnli:0.3`, `-qnli` (negation, weight -1), and
/// `mnli@2` to take that task's vector of seed 2 rather than the init's seed.
public struct CompositionTerms: Equatable, Sendable {
    public struct Term: Equatable, Sendable {
        public let task: String
        public let weight: Float
        /// The seed whose vector to use; nil means the seed of the init being composed onto.
        public let seed: Int?

        public init(task: String, weight: Float, seed: Int? = nil) {
            self.task = task
            self.weight = weight
            self.seed = seed
        }
    }

    public let terms: [Term]
    public var tasks: [String] { terms.map(\.task) }

    public init(terms: [Term]) { self.terms = terms }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses the `tasks=` parameter of `GET /compose`.
    public init(parsing text: String) throws {
        var terms: [Term] = []
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            var item = raw.trimmingCharacters(in: " ")
            guard !item.isEmpty else {
                throw ParseError(description: "Empty task name in tasks='\(text)'; separate task names with single commas.")
            }
            var sign: Float = 1
            if item.hasPrefix("-") { sign = -1; item.removeFirst() } else if item.hasPrefix("+") { item.removeFirst() }
            var weight: Float = 1
            if let colon = item.lastIndex(of: ":") {
                let weightText = item[item.index(after: colon)...]
                guard let parsed = Float(weightText), parsed.isFinite else {
                    throw ParseError(description: "Weight '\(weightText)' of '\(raw)' is not a finite number; write task:0.5.")
                }
                weight = parsed
                item = String(item[..<colon])
            }
            var seed: Int?
            if let at = item.lastIndex(of: "@") {
                let seedText = item[item.index(after: at)...]
                guard let parsed = Int(seedText), parsed >= 0 else {
                    throw ParseError(description: "Seed '\(seedText)' of '\(raw)' is not a non-negative integer; write task@1.")
                }
                seed = parsed
                item = String(item[..<at])
            }
            guard !item.isEmpty else { throw ParseError(description: "Missing task name in '\(raw)'.") }
            guard !terms.contains(where: { $0.task == item }) else {
                throw ParseError(description: "Task '\(item)' appears twice in tasks='\(text)'; give it one weight.")
            }
            terms.append(Term(task: item, weight: sign * weight, seed: seed))
        }
        guard !terms.isEmpty else { throw ParseError(description: "Name at least one task, e.g. tasks=mnli,qnli.") }
        self.terms = terms
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}
