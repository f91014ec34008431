import HTTP

/// Reading and validating query parameters, with errors that name the parameter and the fix.
extension QueryParameters {
    func required(_ name: String, example: String) throws -> String {
        guard let value = self[name], !value.isEmpty else {
            throw HTTPError.badRequest("Missing query parameter '\(name)', e.g. \(name)=\(example).")
        }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw HTTPError.badRequest("Parameter '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound), not '\(text)'.")
        }
        return value
    }

    func number(_ name: String) throws -> Double? {
        guard let text = self[name] else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw HTTPError.badRequest("Parameter '\(name)' must be a finite number, not '\(text)'.")
        }
        return value
    }

    /// Refuses parameters the route does not know, so a typo (`lamda=`) is not silently ignored.
    func onlyKnown(_ known: Set<String>) throws {
        for name in names where !known.contains(name) {
            throw HTTPError.badRequest("Unknown query parameter '\(name)'; this route takes \(known.sorted().joined(separator: ", ")).")
        }
    }
}

/// What names of models and tasks may look like. Names never reach file paths (tensors are
/// stored by content hash), but they appear in URLs, compose expressions and file names of
/// downloads, so they are kept to a safe, unambiguous alphabet.
enum Names {
    static let seedRange = 0...Int(Int32.max)

    /// A model: `t5-base`, `sentence-transformers/all-MiniLM-L6-v2`.
    static func model(_ text: String) throws -> String {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy(isSafeName), text.utf8.count <= 128 else {
            throw HTTPError.badRequest("Invalid model name '\(printable(text))': use letters, digits, '.', '_' and '-' (an optional 'owner/' prefix), starting with a letter or digit, at most 128 characters.")
        }
        return text
    }

    /// A task: `mnli`, `trec_coarse`, `sst-2`.
    static func task(_ text: String) throws -> String {
        guard isSafeName(Substring(text)), text.utf8.count <= 64 else {
            throw HTTPError.badRequest("Invalid task name '\(printable(text))': use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters.")
        }
        return text
    }

    static func isSafeName(_ s: Substring) -> Bool {
        guard let first = s.utf8.first, isAlphanumeric(first), !s.contains("..") else { return false }
        return s.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    /// The name as it may be echoed in an error: control characters escaped, length capped.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.prefix(80).map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined())
    }
}
