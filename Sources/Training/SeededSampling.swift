import Model

/// The draws every random choice of a training job is made of, spelled out so that
/// another implementation (the Python check in the tests) reproduces them exactly:
/// a SplitMix64 stream (`SeededGenerator`), unbiased indices by rejection, and the
/// forward Fisher-Yates shuffle.
extension SeededGenerator {
    /// Uniform in 0..<n: draws x until x >= 2^64 mod n, then x mod n (no modulo bias;
    /// stable across Swift versions, unlike `Int.random(in:using:)`).
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0, "index(below:) needs a positive bound")
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while true {
            let x = next()
            if x >= threshold { return Int(x % bound) }
        }
    }

    /// The first `count` elements of a forward Fisher-Yates shuffle of `elements`:
    /// for i in 0..<count, swap i with i + index(below: n - i). A sample without
    /// replacement whose first k picks do not depend on `count` (prefixes agree).
    public mutating func sample<T>(_ elements: [T], count: Int) -> [T] {
        precondition(count >= 0 && count <= elements.count, "cannot sample \(count) of \(elements.count) elements")
        var pool = elements
        for i in 0..<count {
            pool.swapAt(i, i + index(below: pool.count - i))
        }
        return Array(pool.prefix(count))
    }

    /// A full shuffle, the same procedure as `sample` over every element.
    public mutating func shuffled<T>(_ elements: [T]) -> [T] {
        sample(elements, count: elements.count)
    }
}

/// Independent generators for the separate random choices of one job, so that, e.g.,
/// changing the number of epochs does not change the initial prompt.
enum SeedStream {
    /// The initial prompt uses the job seed itself (the hub keys inits by (model, seed)).
    static func initialization(_ seed: UInt64) -> SeededGenerator { SeededGenerator(seed: seed) }
    static func fewShot(_ seed: UInt64) -> SeededGenerator { derived(seed, stream: 1) }
    static func shuffle(_ seed: UInt64, epoch: Int) -> SeededGenerator { derived(seed, stream: 2 + UInt64(epoch)) }

    /// A generator seeded with the first output of SplitMix64 at seed ^ (stream * 0xD1B54A32D192ED03).
    private static func derived(_ seed: UInt64, stream: UInt64) -> SeededGenerator {
        var mixer = SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        return SeededGenerator(seed: mixer.next())
    }
}
