import Foundation
import Testing
import Tensor
import TestSupport

/// The README's commands, run with curl itself against a live hub.
@Suite struct CurlTests {
    func curl(_ arguments: [String]) throws -> ProcessResult {
        let result = try runProcess("curl", ["-sS", "--fail-with-body"] + arguments)
        #expect(result.status == 0, "curl \(arguments.joined(separator: " ")): \(result.stderr) \(result.output)")
        return result
    }

    @Test func readmeWorkflow() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }  // keep it serving until the test ends
        let base = "http://127.0.0.1:\(hub.server.port)"
        let files = TemporaryDirectory()
        // A tuned prompt with its init (F16, as a half-precision checkpoint would hold it) and a plain tau in F32.
        let initial = randomTensor(100, 64, seed: 1)
        let tuned = randomTensor(100, 64, seed: 2)
        let mnli = files.file("mnli_seed1.safetensors")
        try Data(halfPrecisionSafetensors(["init": initial, "prompt_embeddings": tuned])).write(to: URL(fileURLWithPath: mnli))
        let qnli = files.file("qnli_seed1.npy")
        try Data(Npy.encode(randomTensor(100, 64, seed: 3))).write(to: URL(fileURLWithPath: qnli))

        let created = try curl(["-X", "POST", "\(base)/vectors?model=t5-base&task=mnli&seed=1",
                                "-H", "Authorization: Bearer \(hub.alice)", "--data-binary", "@\(mnli)"])
        #expect(created.output.contains("\"task\":\"mnli\""))
        // Chunked upload: curl streams the body with Transfer-Encoding: chunked.
        _ = try curl(["-X", "POST", "\(base)/vectors?model=t5-base&task=qnli&seed=1", "-H", "Transfer-Encoding: chunked",
                      "-H", "Authorization: Bearer \(hub.alice)", "--data-binary", "@\(qnli)"])
        let listed = try curl(["\(base)/vectors?model=t5-base&task=mnli"])
        #expect(listed.output.contains("\"total\":1"))
        let prompt = files.file("prompt.safetensors")
        _ = try curl(["\(base)/compose?model=t5-base&tasks=mnli,qnli&lambda=0.5&seed=1", "-o", prompt])
        let composed = try Safetensors.decode(contentsOfFile: prompt).tensors["prompt_embeddings"]
        #expect(composed?.shape == [100, 64])
        _ = try curl(["\(base)/compose?tasks=mnli,qnli&lambda=0.5", "-o", files.file("inferred.safetensors")])
        #expect(try Safetensors.decode(contentsOfFile: files.file("inferred.safetensors")).tensors["prompt_embeddings"] == composed)
        let similarity = try curl(["\(base)/similarity?model=t5-base&tasks=mnli,qnli"])
        #expect(similarity.output.contains("\"matrix\":[["))
        // Errors come back as problem documents that curl shows.
        let failed = try runProcess("curl", ["-sS", "--fail-with-body", "\(base)/compose?tasks=nope"])
        #expect(failed.status == 22)
        #expect(failed.output.contains("\"status\":404"))
    }

    /// The tensors as F16 safetensors, written by hand from the spec (the hub writes F32 only).
    func halfPrecisionSafetensors(_ tensors: [String: Tensor]) -> [UInt8] {
        var header: [String] = []
        var data: [UInt8] = []
        for name in tensors.keys.sorted() {
            let tensor = tensors[name]!
            let begin = data.count
            for x in tensor.scalars { withUnsafeBytes(of: Float16(x).bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            header.append("\"\(name)\":{\"dtype\":\"F16\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(begin),\(data.count)]}")
        }
        var json = Array("{\(header.joined(separator: ","))}".utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        return out + json + data
    }
}
