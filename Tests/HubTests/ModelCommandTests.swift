import Foundation
import Testing
import Tensor
import TestSupport

/// `tpv tokenize` and `tpv embed` as users run them, checked against the reference's golden values.
@Suite struct ModelCommandTests {
    let model = repositoryRoot + "/models/all-minilm-l6-v2"
    let golden = sharedDirectory + "/golden/minilm"

    @Test func tokenizePrintsTheReferenceIDs() throws {
        let result = try runProcess(HubProcess.executable, ["tokenize", "--model", model, "Hello, world!"])
        #expect(result.status == 0, "\(result.stderr) (run scripts/install-model.sh if the model is missing)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(json["input_ids"] as? [Int] == [101, 7592, 1010, 2088, 999, 102])
        #expect(json["token_type_ids"] as? [Int] == [0, 0, 0, 0, 0, 0])
        let pair = try runProcess(HubProcess.executable, ["tokenize", "--model", model, "--pair", "b", "a"])
        let pairJSON = try #require(try JSONSerialization.jsonObject(with: pair.stdout) as? [String: Any])
        #expect(pairJSON["token_type_ids"] as? [Int] == [0, 0, 0, 1, 1])
    }

    @Test func embedMatchesTheReferenceEmbeddings() throws {
        let sentences = ["The quick brown fox jumps over the lazy dog.",
                         "I absolutely LOVED this movie; the acting was superb!!!"]
        let result = try runProcess(HubProcess.executable, ["embed", "--model", model] + sentences)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let rows = try #require(json["embeddings"] as? [[Double]])
        let expected = try Npy.decode(contentsOfFile: golden + "/embeddings.npy")
        #expect(rows.count == 2)
        for (i, row) in rows.enumerated() {
            let reference: [Double] = expected.scalars[(i * 384)..<((i + 1) * 384)].map(Double.init)
            var dot = 0.0, normRow = 0.0, normReference = 0.0
            for (x, y) in zip(row, reference) {
                dot += x * y
                normRow += x * x
                normReference += y * y
            }
            let cosine = dot / (normRow.squareRoot() * normReference.squareRoot())
            #expect(cosine >= 0.99999, "row \(i): cosine \(cosine)")
        }
    }
}
