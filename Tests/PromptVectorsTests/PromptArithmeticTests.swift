import Testing
import Tensor
@testable import PromptVectors

@Suite struct PromptArithmeticTests {
    @Test func parsesWeightsAndNegation() throws {
        let terms = try CompositionTerms(parsing: "mnli:0.7,-qnli, sst2 ,+rte:2")
        #expect(terms.terms.map(\.task) == ["mnli", "qnli", "sst2", "rte"])
        #expect(terms.terms.map(\.weight) == [0.7, -1, 1, 2])
        #expect(try CompositionTerms(parsing: "-a:0.5").terms[0].weight == -0.5)
        let pinned = try CompositionTerms(parsing: "mnli@2:0.5,qnli@0")
        #expect(pinned.terms.map(\.seed) == [2, 0])
        #expect(pinned.terms.map(\.weight) == [0.5, 1])
    }

    @Test(arguments: ["", "a,,b", "a:x", "a:inf", ":1", "a,a", "-", "a@x", "a@-1", "@1"])
    func rejectsBadTaskLists(_ text: String) {
        #expect(throws: CompositionTerms.ParseError.self) { try CompositionTerms(parsing: text) }
    }

    @Test func composesByTheFormula() throws {
        let initial = Tensor(shape: [2, 2], scalars: [1, 1, 1, 1])
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 2], scalars: [10, 0, -10, 0])
        let out = try PromptArithmetic.compose(initial: initial, lambda: 0.5, vectors: [("a", 1, a), ("b", -0.5, b)])
        // 1 + 0.5 * (a - 0.5 b)
        let expected: [Float] = [-1, 2, 5, 3]
        #expect(out.scalars == expected)
        let alone = try PromptArithmetic.compose(initial: nil, lambda: 1, vectors: [("a", 1, a)])
        #expect(alone == a)
    }

    @Test func taskVectorIsTunedMinusInit() throws {
        let tuned = Tensor(shape: [1, 3], scalars: [1, 2, 3])
        let initial = Tensor(shape: [1, 3], scalars: [0.5, 0.5, 0.5])
        #expect(try PromptArithmetic.taskVector(tuned: tuned, initial: initial).scalars == [0.5, 1.5, 2.5])
    }

    @Test func refusesMismatchedShapes() {
        #expect(throws: PromptArithmetic.ShapeMismatch.self) {
            try PromptArithmetic.compose(initial: Tensor(zeros: [2, 3]), lambda: 1, vectors: [("a", 1, Tensor(zeros: [3, 3]))])
        }
    }

    @Test func similarityOfPooledRows() {
        // Pooled: a -> (1, 0), b -> (1, 1), so cosine = 1/sqrt(2).
        let a = Tensor(shape: [2, 2], scalars: [2, 1, 0, -1])
        let b = Tensor(shape: [2, 2], scalars: [1, 1, 1, 1])
        let result = Similarity.matrix(tasks: ["a", "b"], tensors: ["a": [1: a], "b": [1: b, 2: b]])
        #expect(abs(result.matrix[0][1] - 1 / 2.0.squareRoot()) < 1e-12)
        #expect(result.matrix[0][1] == result.matrix[1][0])
        #expect(abs(result.matrix[1][1] - 1) < 1e-12)
        #expect(result.pairs.count == 1 + 2 + 4)  // (a,a), (a,b) x2, (b,b) x4
    }
}
