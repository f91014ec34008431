import JSON

/// Reads labelled data in JSONL: one JSON object per line,
/// `{"text": "...", "text_pair"?: "...", "label": "positive"}` or, for regression, `"score": 4.2`
/// instead of `"label"`, plus an optional `"idx"`. Every line is checked; the first problem found
/// is thrown as a `DatasetError` naming its line, so a file is accepted whole or not at all.
///
/// All lines share one kind (label or score) and one input form (single text or pair). Labels
/// are class names: fixed by `DatasetConstraints.labels` when given, otherwise collected in
/// order of first appearance, which then defines the class indices.
public enum DatasetReader {
    /// More lines than this are refused (an upload is at most 64 MiB anyway).
    public static let maximumExamples = 1_000_000

    /// Validates `bytes` and summarises them without keeping the examples.
    public static func validate(_ bytes: [UInt8], constraints: DatasetConstraints = DatasetConstraints()) throws -> DatasetSummary {
        try read(bytes, constraints: constraints) { _ in }
    }

    /// Validates `bytes` and returns the examples in file order with their summary.
    public static func examples(_ bytes: [UInt8], constraints: DatasetConstraints = DatasetConstraints())
        throws -> (summary: DatasetSummary, examples: [Example]) {
        var examples: [Example] = []
        let summary = try read(bytes, constraints: constraints) { examples.append($0) }
        return (summary, examples)
    }

    /// Validates `bytes`, handing each example to `body` in file order, and returns the summary.
    public static func read(_ bytes: [UInt8], constraints: DatasetConstraints = DatasetConstraints(),
                            _ body: (Example) throws -> Void) throws -> DatasetSummary {
        guard !bytes.isEmpty else {
            throw DatasetError(line: nil, #"the dataset is empty; send JSONL, one JSON object per line, e.g. {"text": "a fine film", "label": "positive"}"#)
        }
        var accumulator = DatasetAccumulator(constraints: constraints)
        try bytes.withUnsafeBytes { all in
            var start = 0, number = 0
            var firstBlankLine: Int?
            while start < all.count {
                let end = all[start...].firstIndex(of: UInt8(ascii: "\n")) ?? all.count
                number += 1
                let line = UnsafeRawBufferPointer(rebasing: all[start..<end])
                start = end + 1
                if isBlank(line) {
                    if firstBlankLine == nil { firstBlankLine = number }
                    continue
                }
                if let blank = firstBlankLine {
                    throw DatasetError(line: blank, "blank line; blank lines are allowed only at the end of the file")
                }
                guard accumulator.exampleCount < maximumExamples else {
                    throw DatasetError(line: number, "more than \(maximumExamples) examples; split the data into smaller datasets")
                }
                try body(try accumulator.add(try fields(of: line, number: number), line: number))
            }
        }
        return try accumulator.summary()
    }

    private static func fields(of line: UnsafeRawBufferPointer, number: Int) throws -> LineFields {
        if number == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw DatasetError(line: 1, "the file starts with a UTF-8 byte order mark; save it without one")
        }
        do {
            return try LineFields.parse(line)
        } catch let error as JSONSyntaxError {
            throw DatasetError(line: number, "invalid JSON at column \(error.offset + 1): \(error.problem)")
        } catch let problem as LineFields.Problem {
            throw DatasetError(line: number, problem.message)
        }
    }

    /// Only spaces, tabs and carriage returns (CRLF files end each line in '\r').
    private static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
