import Testing
@testable import Datasets

@Suite struct DatasetReaderTests {
    func read(_ text: String, _ constraints: DatasetConstraints = DatasetConstraints()) throws
        -> (summary: DatasetSummary, examples: [Example]) {
        try DatasetReader.examples(Array(text.utf8), constraints: constraints)
    }

    @Test func classificationLabelsAreNumberedInOrderOfFirstAppearance() throws {
        let (summary, examples) = try read("""
            {"text": "dull", "label": "negative"}
            {"idx": 7, "label": "positive", "text": "bright"}
            {"text": "flat", "label": "negative", "idx": "x-3"}

            """)
        #expect(summary.schema == TaskSchema(kind: .classification, input: .single, labels: ["negative", "positive"]))
        #expect(summary.exampleCount == 3)
        #expect(summary.statistics == .labelCounts([2, 1]))
        #expect(examples == [Example(text: "dull", textPair: nil, target: .label(0)),
                             Example(text: "bright", textPair: nil, target: .label(1)),
                             Example(text: "flat", textPair: nil, target: .label(0))])
    }

    @Test func givenLabelsFixTheClassIndicesAndMayGoUnused() throws {
        let (summary, examples) = try read("""
            {"text": "a", "text_pair": "b", "label": "neutral"}
            {"text": "c", "text_pair": "d", "label": "entailment"}
            """, DatasetConstraints(labels: ["entailment", "neutral", "contradiction"]))
        #expect(summary.schema == TaskSchema(kind: .classification, input: .pair, labels: ["entailment", "neutral", "contradiction"]))
        #expect(summary.statistics == .labelCounts([1, 1, 0]))
        #expect(examples.map(\.target) == [.label(1), .label(0)])
        #expect(examples.map(\.textPair) == ["b", "d"])
    }

    @Test func regressionSummarisesTheScores() throws {
        let (summary, examples) = try read("""
            {"text": "a", "text_pair": "b", "score": 4}\r
            {"text": "c", "text_pair": "d", "score": 0.5}\r
            {"text": "e", "text_pair": "f", "score": 2.5e0}
            """)
        #expect(summary.schema == TaskSchema(kind: .regression, input: .pair, labels: []))
        #expect(summary.statistics == .scores(ScoreSummary(count: 3, min: 0.5, max: 4, mean: 7.0 / 3)))
        #expect(examples.map(\.target) == [.score(4), .score(0.5), .score(2.5)])
    }

    @Test func aStoredSchemaConstrainsEveryLine() throws {
        let schema = TaskSchema(kind: .regression, input: .pair, labels: [])
        let summary = try DatasetReader.validate(Array(#"{"text": "a", "text_pair": "b", "score": 1}"#.utf8),
                                                 constraints: DatasetConstraints(schema: schema))
        #expect(summary.schema == schema)
    }

    /// Each bad input, the line the error must name (nil: the whole file) and words the message must hold.
    @Test(arguments: [
        ("", nil, "empty"),
        ("\n\n  \n", nil, "no examples"),
        ("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"x\"\n", 2, "invalid JSON at column"),
        ("{\"text\": \"a\", \"label\": \"x\"}\n{\"label\": \"x\"}", 2, "\"text\" is missing"),
        ("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"a\"}", 2, "\"label\" is missing"),
        ("{\"text\": \"a\", \"score\": 1}\n{\"text\": \"a\"}", 2, "\"score\" is missing"),
        ("{\"text\": \"a\"}", 1, "\"label\" (classification) or \"score\" (regression) is missing"),
        ("{\"text\": \"a\", \"label\": \"x\", \"score\": 1}", 1, "both \"label\" and \"score\""),
        ("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"a\", \"label\": \"x\", \"lable\": \"y\"}", 2, "unknown key \"lable\""),
        ("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"a\", \"text_pair\": \"b\", \"label\": \"x\"}", 2, "but line 1 has none"),
        ("{\"text\": \"a\", \"text_pair\": \"b\", \"label\": \"x\"}\n{\"text\": \"a\", \"label\": \"x\"}", 2, "has no \"text_pair\", but line 1 has one"),
        ("{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"a\", \"score\": 1}", 3, "but line 1 has \"label\""),
        ("{\"text\": \"a\", \"score\": 1}\n{\"text\": \"a\", \"score\": NaN}", 2, "NaN and Infinity are not JSON numbers"),
        ("{\"text\": \"a\", \"score\": -Infinity}", 1, "NaN and Infinity"),
        ("{\"text\": \"a\", \"score\": 1e400}", 1, "too large"),
        ("{\"text\": \"a\", \"score\": \"3\"}", 1, "\"score\" must be a finite number, found a string"),
        ("{\"text\": \"a\", \"score\": null}", 1, "found null"),
        ("{\"text\": 5, \"label\": \"x\"}", 1, "\"text\" must be a string, found a number"),
        ("{\"text\": \"  \", \"label\": \"x\"}", 1, "\"text\" must not be empty"),
        ("{\"text\": \"a\", \"text_pair\": \"\", \"label\": \"x\"}", 1, "\"text_pair\" must not be empty"),
        ("{\"text\": \"a\", \"text_pair\": null, \"label\": \"x\"}", 1, "\"text_pair\" must be a string, found null"),
        ("{\"text\": \"a\", \"label\": \"\"}", 1, "\"label\" must not be empty"),
        ("{\"text\": \"a\", \"label\": 1}", 1, "\"label\" must be a string"),
        ("{\"text\": \"a\", \"label\": \"x\", \"idx\": 1.5}", 1, "\"idx\" must be an integer or a string"),
        ("{\"text\": \"a\", \"label\": \"x\", \"text\": \"b\"}", 1, "twice"),
        ("[\"a\", \"x\"]", 1, "expected a JSON object"),
        ("{\"text\": \"a\", \"label\": \"x\"} {}", 1, "after the top-level value"),
        ("{\"text\": \"a\", \"label\": \"x\"}\n\n{\"text\": \"b\", \"label\": \"x\"}", 2, "blank line"),
        ("\u{FEFF}{\"text\": \"a\", \"label\": \"x\"}", 1, "byte order mark"),
    ] as [(String, Int?, String)])
    func badInputNamesItsLine(_ text: String, _ line: Int?, _ words: String) throws {
        let error = try #require(throws: DatasetError.self) { try read(text) }
        #expect(error.line == line, "\(error)")
        #expect(error.problem.contains(words), "\(error)")
        #expect(error.description.hasPrefix(line.map { "line \($0): " } ?? ""), "\(error)")
    }

    @Test func invalidUTF8IsRefusedWithItsLine() throws {
        var bytes = Array("{\"text\": \"ok\", \"label\": \"x\"}\n{\"text\": \"caf".utf8)
        bytes += [0xC3, 0x28] + Array("\", \"label\": \"x\"}\n".utf8)
        let error = try #require(throws: DatasetError.self) { try DatasetReader.validate(bytes) }
        #expect(error.line == 2)
        #expect(error.problem.contains("not valid UTF-8"), "\(error)")
    }

    @Test func labelsOutsideTheGivenSetAreRefused() throws {
        let error = try #require(throws: DatasetError.self) {
            try read("{\"text\": \"a\", \"label\": \"positive\"}\n{\"text\": \"b\", \"label\": \"neutral\"}",
                     DatasetConstraints(schema: TaskSchema(kind: .classification, input: .single, labels: ["negative", "positive"])))
        }
        #expect(error == DatasetError(line: 2, #"label "neutral" is not one of the task's labels ("negative", "positive")"#))
    }

    @Test func storedKindAndInputAreEnforcedFromTheFirstLine() throws {
        let pairs = DatasetConstraints(schema: TaskSchema(kind: .classification, input: .pair, labels: ["a"]))
        let single = try #require(throws: DatasetError.self) { try read(#"{"text": "x", "label": "a"}"#, pairs) }
        #expect(single == DatasetError(line: 1, #"has no "text_pair", but the task's inputs are text pairs"#))
        let pairScores = DatasetConstraints(schema: TaskSchema(kind: .regression, input: .pair, labels: []))
        let labelled = try #require(throws: DatasetError.self) { try read(#"{"text": "x", "text_pair": "y", "label": "a"}"#, pairScores) }
        #expect(labelled == DatasetError(line: 1, #"has "label" (classification), but the task is regression (its lines have "score")"#))
        let scored = try #require(throws: DatasetError.self) {
            try read(#"{"text": "x", "score": 1}"#, DatasetConstraints(labels: ["a", "b"]))
        }
        #expect(scored.problem.contains("class labels were given"))
    }

    @Test func givenLabelListsAreChecked() throws {
        try Labels.validate(["very negative", "sci/tech"])
        for labels in [[], ["a", "a"], ["a", ""], [String(repeating: "x", count: 257)],
                       (0...Labels.maximumCount).map(String.init)] {
            #expect(throws: DatasetError.self, "\(labels.prefix(3))") { try Labels.validate(labels) }
        }
    }

    @Test func tooManyDistinctLabelsAreRefused() throws {
        let text = (0...Labels.maximumCount).map { "{\"text\": \"t\", \"label\": \"c\($0)\"}" }.joined(separator: "\n")
        let error = try #require(throws: DatasetError.self) { try read(text) }
        #expect(error.line == Labels.maximumCount + 1, "\(error)")
    }

    @Test func atMostAMillionExamples() throws {
        let line = Array("{\"text\":\"a\",\"label\":\"b\"}\n".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.count * (DatasetReader.maximumExamples + 1))
        for _ in 0..<DatasetReader.maximumExamples { bytes += line }
        #expect(try DatasetReader.validate(bytes).exampleCount == DatasetReader.maximumExamples)
        bytes += line
        let error = try #require(throws: DatasetError.self) { try DatasetReader.validate(bytes) }
        #expect(error.line == DatasetReader.maximumExamples + 1)
    }
}
