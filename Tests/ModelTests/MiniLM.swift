import Foundation
import Tensor
import Testing
@testable import Model

/// The installed all-MiniLM-L6-v2 and its golden files, loaded once for all tests.
enum MiniLM {
    static let model: Result<BertModel, Error> = Result { try BertModel(directory: TestPaths.modelDirectory()) }

    static func golden(_ name: String) throws -> Tensor {
        try Npy.decode(contentsOfFile: TestPaths.golden.appendingPathComponent(name).path)
    }

    struct GoldenIndex: Decodable {
        struct File: Decodable {
            let input_ids: [Int]?
            let shape: [Int]
        }
        struct PromptTuning: Decodable {
            let input_ids: [[Int]]
            let attention_mask: [[Int]]
            let labels: [Int]
            let label_texts: [String]
            let temperature: Float
        }
        let files: [String: File]
        let pt: PromptTuning
    }

    static func index() throws -> GoldenIndex {
        try TestPaths.json(GoldenIndex.self, at: TestPaths.golden.appendingPathComponent("golden.json"))
    }

    static func maxAbsDifference(_ a: Tensor, _ b: Tensor) -> Float {
        precondition(a.count == b.count, "compared tensors differ in size: \(a.shape) vs \(b.shape)")
        return zip(a.scalars, b.scalars).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    static func maxAbs(_ a: Tensor) -> Float {
        a.scalars.reduce(0) { max($0, abs($1)) }
    }

    static func rows(_ t: Tensor) -> [[Float]] {
        let (r, c) = t.matrixShape
        return (0..<r).map { Array(t.scalars[($0 * c)..<(($0 + 1) * c)]) }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let na = a.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        let nb = b.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        return dot / (na * nb)
    }
}
