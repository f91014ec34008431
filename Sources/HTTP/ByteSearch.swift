/// Finds a byte pattern in a buffer in linear time (Knuth-Morris-Pratt), so a hostile body of
/// near-matches cannot make a search quadratic.
struct ByteSearch {
    let pattern: [UInt8]
    private let failure: [Int]

    init(_ pattern: [UInt8]) {
        precondition(!pattern.isEmpty)
        self.pattern = pattern
        var failure = [Int](repeating: 0, count: pattern.count)
        var k = 0
        for i in 1..<max(pattern.count, 1) {
            while k > 0 && pattern[i] != pattern[k] { k = failure[k - 1] }
            if pattern[i] == pattern[k] { k += 1 }
            failure[i] = k
        }
        self.failure = failure
    }

    /// The first index at or after `start` where the whole pattern lies before `end`.
    func firstIndex(in bytes: [UInt8], from start: Int, to end: Int? = nil) -> Int? {
        let end = end ?? bytes.count
        var k = 0
        var i = start
        while i < end {
            while k > 0 && bytes[i] != pattern[k] { k = failure[k - 1] }
            if bytes[i] == pattern[k] { k += 1 }
            if k == pattern.count { return i - pattern.count + 1 }
            i += 1
        }
        return nil
    }
}
