import Foundation
import Testing
@testable import Model

@Suite("BERT WordPiece tokenizer")
struct TokenizerTests {
    static let tokenizer: Result<BertTokenizer, Error> = Result {
        try BertTokenizer(vocabularyFile: TestPaths.modelDirectory() + "/vocab.txt")
    }

    private struct GoldenTokenization: Decodable {
        struct Sentence: Decodable {
            let text: String
            let input_ids: [Int]
        }
        struct Batch: Decodable {
            let input_ids: [[Int]]
            let attention_mask: [[Int]]
        }
        let sentences: [Sentence]
        let batch_padded: Batch
    }

    private struct Case: Decodable {
        let text: String
        let text_pair: String?
        let max_length: Int?
        let input_ids: [Int]
        let token_type_ids: [Int]
    }

    @Test("the 20 tricky golden sentences, id for id")
    func goldenSentences() throws {
        let tokenizer = try Self.tokenizer.get()
        let golden = try TestPaths.json(GoldenTokenization.self,
                                        at: TestPaths.golden.appendingPathComponent("tokenization.json"))
        #expect(golden.sentences.count == 20)
        for sentence in golden.sentences {
            let encoded = try tokenizer.encode(sentence.text)
            #expect(encoded.inputIds == sentence.input_ids, "\(sentence.text.debugDescription)")
            #expect(encoded.tokenTypeIds == [Int](repeating: 0, count: sentence.input_ids.count))
        }
        let batch = EncodedBatch(try golden.sentences.map { try tokenizer.encode($0.text) }, padId: tokenizer.padId)
        #expect(batch.sequenceLength == 32)
        #expect(batch.inputIds.map(Int.init) == golden.batch_padded.input_ids.flatMap { $0 })
        #expect(batch.attentionMask.map(Int.init) == golden.batch_padded.attention_mask.flatMap { $0 })
    }

    @Test("real test sentences and pairs, with and without truncation, id for id")
    func realSentences() throws {
        let tokenizer = try Self.tokenizer.get()
        let cases = try TestPaths.json([Case].self, at: TestPaths.fixtures.appendingPathComponent("tokenizer-sentences.json"))
        #expect(cases.count > 300)
        #expect(cases.contains { $0.text_pair != nil && $0.max_length != nil })
        for c in cases {
            let encoded = try tokenizer.encode(c.text, pair: c.text_pair, maxLength: c.max_length)
            #expect(encoded.inputIds == c.input_ids, "\(c.text.prefix(60).debugDescription) / \(c.max_length as Any)")
            #expect(encoded.tokenTypeIds == c.token_type_ids)
        }
    }

    private struct CharacterTable: Decodable {
        let runs: [[CharacterRunField]]
        let transformed: [String: [[UInt32]]]
    }

    private enum CharacterRunField: Decodable {
        case codePoint(UInt32)
        case kind(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(UInt32.self) {
                self = .codePoint(value)
            } else {
                self = .kind(try container.decode(String.self))
            }
        }
    }

    /// Every code point between "x" and "y" through normalisation and word splitting,
    /// against the Rust tokenizer (dropped, whitespace, own word, kept, or transformed).
    @Test("every Unicode code point is cleaned, split and normalised as the reference")
    func everyCodePoint() throws {
        let table = try TestPaths.json(CharacterTable.self,
                                       at: TestPaths.fixtures.appendingPathComponent("tokenizer-characters.json"))
        let normalizer = BertNormalizer()
        let x: Unicode.Scalar = "x", y: Unicode.Scalar = "y"
        var checked = 0
        var mismatches: [String] = []
        for run in table.runs {
            guard case .codePoint(let first) = run[0], case .codePoint(let last) = run[1], case .kind(let kind) = run[2]
            else { Issue.record("bad run \(run)"); continue }
            for value in first...last {
                guard let c = Unicode.Scalar(value) else { continue }
                let words = BertPreTokenizer.words(normalizer.normalize("x\(Character(c))y"[...])).map(Array.init)
                let expected: [[Unicode.Scalar]]?
                switch kind {
                case "D": expected = [[x, y]]
                case "W": expected = [[x], [y]]
                case "I": expected = [[x], [c], [y]]
                case "K": expected = [[x, c, y]]
                default:
                    expected = table.transformed[String(value, radix: 16, uppercase: true)]?
                        .map { $0.map { Unicode.Scalar($0)! } }
                    if expected == nil {  // not sampled: it must at least not fall in another class
                        let plain: [[[Unicode.Scalar]]] = [[[x, y]], [[x], [y]], [[x], [c], [y]], [[x, c, y]]]
                        if plain.contains(words) { mismatches.append(String(value, radix: 16)) }
                        continue
                    }
                }
                checked += 1
                if words != expected { mismatches.append(String(value, radix: 16)) }
            }
        }
        #expect(checked > 1_000_000)
        #expect(mismatches.isEmpty, "code points handled differently: \(mismatches.prefix(20))")
    }

    @Test("special tokens written in the text stay whole; lower-case look-alikes do not")
    func specialTokensInText() throws {
        let tokenizer = try Self.tokenizer.get()
        // Reference: tokenizers 0.23 on tokenizer.json.
        #expect(try tokenizer.encode("a [MASK] b [sep] c[SEP]d").inputIds
                == [101, 1037, 103, 1038, 1031, 19802, 1033, 1039, 102, 1040, 102])
        #expect(try tokenizer.encode("İstanbul ΣΑΣ").inputIds == [101, 9960, 1173, 14608, 29733, 102])
        #expect(try tokenizer.encode("x\u{2E5D}y").inputIds == [101, 100, 102])
    }

    @Test("a word longer than 100 characters is one [UNK]; 100 characters are still split")
    func longWords() throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.tokenize(String(repeating: "a", count: 101)) == [tokenizer.unknownId])
        let hundred = tokenizer.tokenize(String(repeating: "a", count: 100))
        #expect(hundred.count > 1 && !hundred.contains(tokenizer.unknownId))
    }

    @Test("a maximum length below the special tokens is an error that names the minimum")
    func tooShortMaximum() throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(throws: ModelError.self) { try tokenizer.encode("a", pair: "b", maxLength: 2) }
        #expect(try tokenizer.encode("a b c", maxLength: 2).inputIds == [101, 102])
    }
}
