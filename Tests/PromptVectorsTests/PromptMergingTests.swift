import Testing
import Tensor
@testable import PromptVectors

/// The merge methods on cases small enough to work out by hand; HubTests checks them against NumPy.
@Suite struct PromptMergingTests {
    @Test func splitMix64MatchesThePublishedSequence() {
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
        var generator = SplitMix64(seed: 1_234_567)
        #expect((0..<3).map { _ in generator.next() } == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
        var a = SplitMix64(seed: 5, stream: 0), b = SplitMix64(seed: 5, stream: 1)
        #expect(a.next() != b.next())
    }

    @Test func keptCountRoundsToTheNearestEntryAndKeepsOne() {
        #expect(PromptMerging.keptCount(density: 0.2, of: 10) == 2)
        #expect(PromptMerging.keptCount(density: 0.25, of: 10) == 3)  // 2.5 rounds up
        #expect(PromptMerging.keptCount(density: 0.29, of: 100) == 29)  // 28.999999999999996 is still 29
        #expect(PromptMerging.keptCount(density: 0.01, of: 10) == 1)
        #expect(PromptMerging.keptCount(density: 1, of: 7) == 7)
    }

    @Test func trimKeepsTheLowerIndexOfTiedMagnitudes() {
        var values: [Double] = [1, -3, 3, 2, -3, 0.5]
        PromptMerging.trim(&values, density: 0.5)  // k = 3: the three 3s
        #expect(values == [0, -3, 3, 0, -3, 0])
        values = [1, -3, 3, 2, -3, 0.5]
        PromptMerging.trim(&values, density: 1.0 / 3)  // k = 2: the first two of the tied 3s
        #expect(values == [0, -3, 3, 0, 0, 0])
        values = [0, 0, 0, 0]
        PromptMerging.trim(&values, density: 0.5)
        #expect(values == [0, 0, 0, 0])
    }

    @Test func quickselectFindsTheValueOfEveryRank() {
        var state: UInt64 = 7
        for count in [1, 2, 3, 10, 101, 1000] {
            // Few distinct values, so runs of equal values meet the pivots.
            let values = (0..<count).map { _ -> Double in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(Int(state >> 33) % 17) - 8
            }
            let sorted = values.sorted()
            for rank in Set([0, count / 3, count / 2, count - 1]) {
                var scratch = values
                #expect(scratch.withUnsafeMutableBufferPointer { PromptMerging.smallestAt(rank, in: $0) } == sorted[rank], "\(count) \(rank)")
            }
        }
    }

    @Test func disjointMeanAveragesTheValuesOfTheElectedSign() {
        let merged = PromptMerging.disjointMean([[1, -2, 0, 1, 1], [-1, 3, 0, -3, -1], [2, -2, 0, 0, 0]])
        // totals 2, -1, 0, -2, 0 elect +, -, +, -, + ; a zero sum elects + and zeros never count.
        #expect(merged == [1.5, -2, 0, -3, 1])
    }

    @Test func tiesAppliesWeightsBeforeElectingSigns() throws {
        let a = Tensor(shape: [2, 2], scalars: [2, -1, 0.5, 3])
        let b = Tensor(shape: [2, 2], scalars: [1, 1, -4, 1])
        let initial = Tensor(shape: [2, 2], scalars: [1, 1, 1, 1])
        // -b = [-1, -1, 4, -1]; trim to 2: a -> [2, 0, 0, 3], -b -> [-1, 0, 4, 0] (the tie at 1 keeps index 0).
        // Signs +, + (zero sum), +, +; disjoint mean [2, 0, 4, 3]; 1 + 0.5 * that.
        let out = try PromptMerging.merge(initial: initial, lambda: 0.5, vectors: [("a", 1, a), ("b", -1, b)],
                                          method: .ties(density: 0.5))
        #expect(out.scalars == [2, 1, 3, 2.5])
    }

    @Test func meanDividesTheWeightedSumByTheCount() throws {
        let a = Tensor(shape: [1, 3], scalars: [1, 2, 3]), b = Tensor(shape: [1, 3], scalars: [3, 0, -3])
        let out = try PromptMerging.merge(initial: nil, lambda: 2, vectors: [("a", 1, a), ("b", 0.5, b)], method: .mean)
        #expect(out.scalars == [2.5, 2, 1.5])  // 2 * (a + 0.5 b) / 2
    }

    @Test func sumIsTheCompositionItself() throws {
        let a = Tensor(shape: [1, 3], scalars: [0.1, 0.2, 0.3]), b = Tensor(shape: [1, 3], scalars: [0.7, -0.2, 0.9])
        let vectors: [(name: String, weight: Float, tau: Tensor)] = [("a", 0.3, a), ("b", -1.7, b)]
        let initial = Tensor(shape: [1, 3], scalars: [1, 2, 3])
        #expect(try PromptMerging.merge(initial: initial, lambda: 0.7, vectors: vectors, method: .sum)
            == PromptArithmetic.compose(initial: initial, lambda: 0.7, vectors: vectors))
    }

    @Test func dareDropsAboutOneMinusDensityAndRescalesTheRest() throws {
        let count = 20_000
        let tau = Tensor(shape: [1, count], scalars: (0..<count).map { Float($0 % 7) + 1 })
        let out = try PromptMerging.merge(initial: nil, lambda: 1, vectors: [("a", 1, tau)], method: .dare(density: 0.3, seed: 9))
        var kept = 0
        for (o, t) in zip(out.scalars, tau.scalars) where o != 0 {
            kept += 1
            #expect(abs(o - t / 0.3) < 1e-5)
        }
        #expect(abs(Double(kept) / Double(count) - 0.3) < 0.02)
        #expect(try PromptMerging.merge(initial: nil, lambda: 1, vectors: [("a", 1, tau)], method: .dare(density: 0.3, seed: 9)) == out)
        #expect(try PromptMerging.merge(initial: nil, lambda: 1, vectors: [("a", 1, tau)], method: .dare(density: 0.3, seed: 10)) != out)
        // Density 1 keeps everything: dare is then the sum.
        let all = try PromptMerging.merge(initial: nil, lambda: 1, vectors: [("a", 1, tau), ("b", 2, tau)], method: .dare(density: 1, seed: 3))
        #expect(all.scalars == tau.scalars.map { 3 * $0 })
    }

    @Test func dareTiesElectsSignsOverTheSurvivors() throws {
        let a = Tensor(shape: [1, 4], scalars: [1, -1, 2, 0]), b = Tensor(shape: [1, 4], scalars: [-3, -1, 2, 5])
        // Density 1 drops nothing, so dare_ties is TIES without trimming.
        let out = try PromptMerging.merge(initial: nil, lambda: 1, vectors: [("a", 1, a), ("b", 1, b)],
                                          method: .dareTies(density: 1, seed: 0))
        #expect(out.scalars == [-3, -1, 2, 5])
    }

    @Test func parametersAreCheckedPerMethod() throws {
        #expect(try MergeMethod(name: "ties", density: nil, seed: nil, defaultSeed: 4) == .ties(density: 0.2))
        #expect(try MergeMethod(name: "dare", density: nil, seed: nil, defaultSeed: 4) == .dare(density: 0.5, seed: 4))
        #expect(try MergeMethod(name: "dare_ties", density: 0.1, seed: 7, defaultSeed: 4) == .dareTies(density: 0.1, seed: 7))
        #expect(try MergeMethod(name: "sum", density: nil, seed: nil, defaultSeed: 4) == .sum)
        for (name, density, seed, says) in [("median", nil, nil, "sum, mean, ties, dare, dare_ties"), ("ties", 0.0, nil, "(0, 1]"),
                                            ("dare", 1.5, nil, "(0, 1]"), ("ties", Double.nan, nil, "(0, 1]"),
                                            ("sum", 0.5, nil, "does not apply to method sum"),
                                            ("mean", nil, 3, "merge_seed does not apply to method mean"),
                                            ("ties", nil, 3, "merge_seed does not apply")] as [(String, Double?, UInt64?, String)] {
            let error = #expect(throws: MergeMethod.ParameterError.self) {
                try MergeMethod(name: name, density: density, seed: seed, defaultSeed: 0)
            }
            #expect(error?.description.contains(says) == true, "\(name): \(error?.description ?? "")")
        }
        #expect(MergeMethod.ties(density: 0.2).formula(of: ["1.0 * tau(a)", "1.0 * tau(b)"]) == "ties(density 0.2; 1.0 * tau(a), 1.0 * tau(b))")
        #expect(MergeMethod.sum.formula(of: ["x", "y"]) == "(x + y)")
    }
}
