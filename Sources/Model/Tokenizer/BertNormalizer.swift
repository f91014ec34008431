import Foundation

/// BERT's text normalisation (Hugging Face `BertNormalizer`), in its order: clean-up
/// (drop NUL, U+FFFD and control characters; any whitespace becomes a space), spaces
/// around CJK ideographs, accent stripping (NFD, then drop non-spacing marks), lower-casing.
struct BertNormalizer: Sendable {
    var lowercase = true
    /// Hugging Face's `strip_accents: null` means "strip when lower-casing".
    var stripAccents = true

    func normalize(_ text: Substring) -> [Unicode.Scalar] {
        var cleaned = String.UnicodeScalarView()
        var isASCII = true
        for c in text.unicodeScalars {
            if c.value == 0 || c.value == 0xFFFD || BertCharacters.isControl(c) { continue }
            if BertCharacters.isWhitespace(c) {
                cleaned.append(" ")
            } else if BertCharacters.isCJK(c) {
                cleaned.append(" ")
                cleaned.append(c)
                cleaned.append(" ")
            } else {
                cleaned.append(c)
            }
            isASCII = isASCII && c.isASCII
        }
        var scalars: [Unicode.Scalar]
        if stripAccents && !isASCII {
            scalars = Self.decomposed(cleaned).filter { !BertCharacters.isNonspacingMark($0) }
        } else {
            scalars = Array(cleaned)
        }
        if lowercase {
            scalars = Self.lowercased(scalars)
        }
        return scalars
    }

    /// Canonical decomposition (NFD). It needs whole runs, because combining marks get
    /// reordered; characters newer than the Rust tables stay as they are and, having no
    /// combining class there, end a run.
    private static func decomposed(_ text: String.UnicodeScalarView) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var run = String.UnicodeScalarView()
        func flushRun() {
            out.append(contentsOf: String(run).decomposedStringWithCanonicalMapping.unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        for c in text {
            if BertCharacters.isInTable(c) {
                run.append(c)
            } else {
                flushRun()
                out.append(c)
            }
        }
        flushRun()
        return out
    }

    /// Per-character full lower-case mapping without context rules (capital sigma is
    /// always small sigma), as Rust's `char::to_lowercase`.
    private static func lowercased(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        for c in scalars {
            if c.isASCII {
                out.append((0x41...0x5A).contains(c.value) ? Unicode.Scalar(c.value + 0x20)! : c)
            } else if c.properties.changesWhenLowercased {
                out.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(c)
            }
        }
        return out
    }
}
