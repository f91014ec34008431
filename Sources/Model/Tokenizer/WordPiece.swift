/// Greedy longest-match-first WordPiece over a BERT vocabulary (vocab.txt: one token
/// per line, id = line number). Continuation pieces carry the `##` prefix.
struct WordPiece: Sendable {
    /// Keys are UTF-8 bytes, not `String`s: Swift compares strings up to canonical
    /// equivalence, the reference tokenizer compares bytes.
    let ids: [[UInt8]: Int]
    let tokens: [String]
    let unknownId: Int
    var maxCharactersPerWord = 100
    private static let continuationPrefix = Array("##".utf8)

    init(vocabulary: [String], unknownToken: String = "[UNK]") throws {
        var ids: [[UInt8]: Int] = [:]
        ids.reserveCapacity(vocabulary.count)
        for (id, token) in vocabulary.enumerated() {
            ids[Array(token.utf8)] = id  // a repeated line keeps its last id, as in Hugging Face
        }
        guard let unknownId = ids[Array(unknownToken.utf8)] else {
            throw ModelError("the vocabulary has no \(unknownToken) token; use the vocab.txt of a BERT (WordPiece) model")
        }
        self.ids = ids
        self.tokens = vocabulary
        self.unknownId = unknownId
    }

    func id(of token: String) -> Int? {
        ids[Array(token.utf8)]
    }

    /// Appends the piece ids of one pre-tokenised word; a word that cannot be covered
    /// by pieces, or is longer than `maxCharactersPerWord`, becomes one unknown token.
    func appendPieces(of word: ArraySlice<Unicode.Scalar>, to out: inout [Int]) {
        guard word.count <= maxCharactersPerWord else {
            out.append(unknownId)
            return
        }
        var bytes: [UInt8] = []
        var boundaries = [0]  // byte offset where each character starts, plus the end
        for c in word {
            bytes.append(contentsOf: UTF8.encode(c)!)
            boundaries.append(bytes.count)
        }
        let firstPiece = out.count
        var key: [UInt8] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var match: Int?
            while start < end {
                key.removeAll(keepingCapacity: true)
                if start > 0 { key.append(contentsOf: Self.continuationPrefix) }
                key.append(contentsOf: bytes[boundaries[start]..<boundaries[end]])
                if let id = ids[key] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let id = match else {
                out.removeSubrange(firstPiece...)
                out.append(unknownId)
                return
            }
            out.append(id)
            start = end
        }
    }
}
