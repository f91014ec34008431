import Foundation

/// BERT WordPiece tokenizer, id for id as Hugging Face's (fast) BertTokenizer: special
/// tokens written in the text are kept whole, the rest is normalised, split into words
/// and pieces; `[CLS] a [SEP]` or `[CLS] a [SEP] b [SEP]` around it.
public struct BertTokenizer: Sendable {
    /// Matched verbatim in the input before normalisation, as Hugging Face's added tokens.
    public static let specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    let normalizer: BertNormalizer
    let wordPiece: WordPiece
    private let specialTokenIds: [(token: [Unicode.Scalar], id: Int)]
    public let clsId: Int
    public let sepId: Int
    public let padId: Int
    public var unknownId: Int { wordPiece.unknownId }
    public var vocabularySize: Int { wordPiece.tokens.count }

    public init(vocabulary: [String], lowercase: Bool = true, stripAccents: Bool? = nil) throws {
        let wordPiece = try WordPiece(vocabulary: vocabulary)
        func required(_ token: String) throws -> Int {
            guard let id = wordPiece.id(of: token) else {
                throw ModelError("the vocabulary has no \(token) token; use the vocab.txt of a BERT (WordPiece) model")
            }
            return id
        }
        clsId = try required("[CLS]")
        sepId = try required("[SEP]")
        padId = try required("[PAD]")
        self.wordPiece = wordPiece
        normalizer = BertNormalizer(lowercase: lowercase, stripAccents: stripAccents ?? lowercase)
        specialTokenIds = Self.specialTokens.compactMap { token in
            wordPiece.id(of: token).map { (Array(token.unicodeScalars), $0) }
        }
    }

    /// Reads vocab.txt: one token per line, the line number is the id.
    public init(vocabularyFile path: String, lowercase: Bool = true, stripAccents: Bool? = nil) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError("cannot read the vocabulary \(path); the model folder needs the vocab.txt of its tokenizer")
        }
        // As the reference reader: lines split at \n, trailing whitespace (\r) dropped.
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let vocabulary = lines.map { line in
            var token = Substring(line)
            while let last = token.unicodeScalars.last, last.properties.isWhitespace { token.unicodeScalars.removeLast() }
            return String(token)
        }
        try self.init(vocabulary: vocabulary, lowercase: lowercase, stripAccents: stripAccents)
    }

    /// Token ids of `text` without `[CLS]`/`[SEP]` and without truncation.
    public func tokenize(_ text: String) -> [Int] {
        var ids: [Int] = []
        let scalars = text.unicodeScalars
        var segmentStart = scalars.startIndex
        var i = scalars.startIndex
        while i < scalars.endIndex {
            if scalars[i] == "[", let (length, id) = specialToken(at: i, in: scalars) {
                appendWordPieces(of: text.unicodeScalars[segmentStart..<i], to: &ids)
                ids.append(id)
                i = scalars.index(i, offsetBy: length)
                segmentStart = i
            } else {
                i = scalars.index(after: i)
            }
        }
        appendWordPieces(of: scalars[segmentStart...], to: &ids)
        return ids
    }

    /// `[CLS] text [SEP]`, or `[CLS] text [SEP] pair [SEP]` with token types 0/1. With
    /// `maxLength`, pieces are cut so that the whole fits (pairs: longest first).
    public func encode(_ text: String, pair: String? = nil, maxLength: Int? = nil) throws -> EncodedText {
        var first = tokenize(text)
        var second = pair.map(tokenize)
        if let maxLength {
            let specials = second == nil ? 2 : 3
            guard maxLength >= specials else {
                throw ModelError("maximum length \(maxLength) leaves no room for the \(specials) special tokens; use at least \(specials)")
            }
            Self.truncate(&first, &second, to: maxLength - specials)
        }
        var ids = [clsId] + first + [sepId]
        var types = [Int](repeating: 0, count: ids.count)
        if let second {
            ids += second + [sepId]
            types += [Int](repeating: 1, count: second.count + 1)
        }
        return EncodedText(inputIds: ids, tokenTypeIds: types)
    }

    public func token(for id: Int) -> String? {
        wordPiece.tokens.indices.contains(id) ? wordPiece.tokens[id] : nil
    }

    public func id(of token: String) -> Int? {
        wordPiece.id(of: token)
    }

    /// Hugging Face's longest-first rule: the shorter side keeps its length when the
    /// longer one can absorb the cut; otherwise both get half, the longer side the odd one.
    static func truncate(_ first: inout [Int], _ second: inout [Int]?, to budget: Int) {
        guard var pair = second else {
            if first.count > budget { first.removeSubrange(budget...) }
            return
        }
        guard first.count + pair.count > budget else { return }
        let swapped = first.count > pair.count
        var shorter = min(first.count, pair.count)
        var longer: Int
        if shorter > budget {
            longer = shorter
        } else {
            longer = max(shorter, budget - shorter)
        }
        if shorter + longer > budget {
            shorter = budget / 2
            longer = shorter + budget % 2
        }
        let (firstLength, secondLength) = swapped ? (longer, shorter) : (shorter, longer)
        if first.count > firstLength { first.removeSubrange(firstLength...) }
        if pair.count > secondLength { pair.removeSubrange(secondLength...) }
        second = pair
    }

    private func specialToken(at i: String.UnicodeScalarView.Index,
                              in scalars: String.UnicodeScalarView) -> (length: Int, id: Int)? {
        for (token, id) in specialTokenIds where scalars[i...].starts(with: token) {
            return (token.count, id)
        }
        return nil
    }

    private func appendWordPieces(of text: Substring.UnicodeScalarView, to ids: inout [Int]) {
        guard !text.isEmpty else { return }
        for word in BertPreTokenizer.words(normalizer.normalize(Substring(text))) {
            wordPiece.appendPieces(of: word, to: &ids)
        }
    }
}
