import Model

/// k examples drawn with a fixed seed that keep the class distribution of the data.
///
/// Classification: class c gets floor(k * n_c / N) examples, and the k - sum of floors
/// left over go one each to the classes with the largest remainders k * n_c / N - floor
/// (ties: lower class index) — Hamilton's largest-remainder method. When k >= the
/// number of classes present, a present class left with 0 takes one example from the
/// class holding most (ties: lower index), so each class appears at least once. Within a
/// class the examples are the first picks of a seeded shuffle (`SeededGenerator.sample`,
/// generator `SeedStream.fewShot(seed)`, classes in index order). Regression: a plain
/// seeded sample. The result keeps the dataset's order.
public enum FewShotSampler {
    /// Indices into `examples` of the sample, ascending.
    public static func sampleIndices(_ examples: [TrainingExample], count k: Int, task: TaskSpec,
                                     seed: UInt64) throws -> [Int] {
        guard k >= 1 else {
            throw TrainingError("the few-shot size is \(k); ask for at least 1 example")
        }
        guard k <= examples.count else {
            throw TrainingError("cannot sample \(k) examples from a dataset of \(examples.count); ask for at most \(examples.count)")
        }
        try task.validate(examples, role: "few-shot")
        var generator = SeedStream.fewShot(seed)
        guard case .classification(let labels) = task.kind else {
            return generator.sample(Array(examples.indices), count: k).sorted()
        }
        var members = [[Int]](repeating: [], count: labels.count)
        for (index, example) in examples.enumerated() { members[example.label!].append(index) }
        let quotas = allocate(k, sizes: members.map(\.count))
        var chosen: [Int] = []
        for (members, quota) in zip(members, quotas) {
            chosen += generator.sample(members, count: quota)
        }
        return chosen.sorted()
    }

    public static func sample(_ examples: [TrainingExample], count k: Int, task: TaskSpec,
                              seed: UInt64) throws -> [TrainingExample] {
        try sampleIndices(examples, count: k, task: task, seed: seed).map { examples[$0] }
    }

    /// Per-class counts summing to k (k <= sum of sizes), proportional by largest remainder.
    static func allocate(_ k: Int, sizes: [Int]) -> [Int] {
        let total = sizes.reduce(0, +)
        precondition(k <= total, "allocate \(k) of \(total)")
        guard total > 0 else { return sizes.map { _ in 0 } }
        // Exact integer arithmetic: quota = k * n / N = floor + remainder / N.
        var counts = sizes.map { k * $0 / total }
        let remainders = sizes.map { k * $0 % total }
        let order = sizes.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for c in order.prefix(k - counts.reduce(0, +)) { counts[c] += 1 }
        let present = sizes.indices.filter { sizes[$0] > 0 }
        if k >= present.count {
            for c in present where counts[c] == 0 {
                let donor = counts.indices.max { counts[$0] != counts[$1] ? counts[$0] < counts[$1] : $0 > $1 }!
                counts[donor] -= 1
                counts[c] = 1
            }
        }
        return counts
    }
}
