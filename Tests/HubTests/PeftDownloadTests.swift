import Archive
import Foundation
import JSON
import PEFT
import Tensor
import Testing
import TestSupport

/// `format=peft` downloads read back with the archive readers and the adapter checks.
@Suite struct PeftDownloadTests {
    static func adapter(_ body: [UInt8], kind: ArchiveKind) throws -> (PeftAdapter, [String]) {
        let entries = try kind.read(body)
        let files = try AdapterFiles(entries: entries)
        return (try PeftAdapter.read(config: try #require(files.config), model: try #require(files.model)), entries.map(\.name))
    }

    @Test func vectorsDownloadAsAdaptersThatKeepTheUploadedConfig() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        // An encoder-decoder adapter: 2 x 3 rows.
        let initial = randomTensor(6, 8, seed: 1), tuned = randomTensor(6, 8, seed: 2)
        let config = PeftFixtures.config(tokens: 3, width: 8, submodules: 2, taskType: "SEQ_2_SEQ_LM")
        let created = try hub.request("POST", "/vectors?model=t5-base&task=mnli&seed=1", token: hub.alice,
                                      body: ArchiveKind.zip.write(PeftFixtures.entries(config: config, prompt: tuned, initial: initial)))
        #expect(created.status == 201, "\(created.text)")
        #expect(created.object["num_virtual_tokens"] as? Int == 3)
        let id = try #require(created.object["id"] as? Int)

        let zip = try hub.request("GET", "/vectors/\(id)/data?format=peft")
        #expect(zip.status == 200 && zip.header("Content-Type") == "application/zip")
        #expect(zip.header("Content-Disposition") == "attachment; filename=\"t5-base_mnli_seed1_tuned.zip\"")
        let (downloaded, names) = try Self.adapter(zip.body, kind: .zip)
        #expect(names == ["t5-base_mnli_seed1_tuned/adapter_config.json", "t5-base_mnli_seed1_tuned/adapter_model.safetensors",
                          "t5-base_mnli_seed1_tuned/README.md"])
        #expect(downloaded.promptEmbeddings == tuned)
        #expect(downloaded.config.numVirtualTokens == 3 && downloaded.config.numTransformerSubmodules == 2)
        #expect(downloaded.config.taskType == "SEQ_2_SEQ_LM" && downloaded.config.tokenDim == 8)
        #expect(downloaded.config.baseModelNameOrPath == "google-t5/t5-base" && downloaded.config.numLayers == 12)

        let tgz = try hub.request("GET", "/vectors/\(id)/data?format=peft-tar.gz&part=init&task_type=SEQ_CLS")
        #expect(tgz.header("Content-Type") == "application/gzip")
        let (start, _) = try Self.adapter(tgz.body, kind: .tarGzip)
        #expect(start.promptEmbeddings == initial && start.config.taskType == "SEQ_CLS")

        // The same request gives the same bytes and tag; another representation another tag.
        let etag = try #require(zip.header("ETag"))
        #expect(try hub.request("GET", "/vectors/\(id)/data?format=peft").body == zip.body)
        #expect(try hub.request("GET", "/vectors/\(id)/data?format=peft", headers: [("If-None-Match", etag)]).status == 304)
        #expect(Set([etag, tgz.header("ETag"), try hub.request("GET", "/vectors/\(id)/data?format=peft&task_type=CAUSAL_LM").header("ETag"),
                     try hub.request("GET", "/vectors/\(id)/data?part=tuned").header("ETag")]).count == 4)
    }

    @Test func plainUploadsGetDefaultsAndCompositionsToo() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        let initial = randomTensor(4, 8, seed: 3)
        #expect(try hub.uploadInit(model: "all-minilm-l6-v2", seed: 1, tensor: initial).status == 201)
        let tauA = randomTensor(4, 8, seed: 4), tauB = randomTensor(4, 8, seed: 5)
        #expect(try hub.upload(model: "all-minilm-l6-v2", task: "sst2", seed: 1, tensors: ["tau": tauA]).status == 201)
        #expect(try hub.upload(model: "all-minilm-l6-v2", task: "rte", seed: 1, tensors: ["tau": tauB]).status == 201)

        let vector = try hub.request("GET", "/vectors/1/data?format=peft")
        let (plain, _) = try Self.adapter(vector.body, kind: .zip)
        #expect(plain.config.taskType == "FEATURE_EXTRACTION" && plain.config.numTransformerSubmodules == 1)
        #expect(plain.config.numVirtualTokens == 4 && plain.config.baseModelNameOrPath == "all-minilm-l6-v2")
        #expect(plain.promptEmbeddings == (try Npy.decode(hub.request("GET", "/vectors/1/data?part=tuned&format=npy").body)))

        let composed = try hub.request("GET", "/compose?tasks=sst2,rte&lambda=0.5&format=peft")
        #expect(composed.status == 200, "\(composed.text)")
        #expect(composed.header("X-TPV-Formula")?.hasPrefix("init(seed 1) + 0.5 * (") == true)
        #expect(composed.header("Content-Disposition") == "attachment; filename=\"composed_sst2+rte.zip\"")
        let (sum, _) = try Self.adapter(composed.body, kind: .zip)
        #expect(sum.promptEmbeddings == (try Npy.decode(hub.request("GET", "/compose?tasks=sst2,rte&lambda=0.5&format=npy").body)))
        let readme = try #require(try ArchiveKind.zip.read(composed.body).first { $0.name.hasSuffix("README.md") })
        let text = String(decoding: readme.bytes, as: UTF8.self)
        #expect(text.contains("init(seed 1) + 0.5 * ("), "\(text)")
    }

    @Test(arguments: [
        ("/vectors/1/data?format=peft&part=tau", "part=tuned or part=init"),
        ("/vectors/1/data?format=peft&part=theta", "a PEFT adapter holds part=tuned (default) or part=init"),
        ("/vectors/1/data?format=peft&task_type=CLASSIFY", "not one of PEFT's task types"),
        ("/vectors/1/data?task_type=SEQ_CLS", "add format=peft"),
        ("/vectors/1/data?format=peft.zip", "use one of safetensors, npy, json, peft, peft-tar.gz"),
        ("/compose?tasks=sst2&init=none&format=peft", "not a prompt a model can load"),
        ("/compose?tasks=sst2&task_type=SEQ_CLS", "add format=peft"),
    ])
    func wrongRequestsAreExplained(target: String, fragment: String) throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        #expect(try hub.uploadInit(seed: 1, tensor: randomTensor(4, 8, seed: 3)).status == 201)
        #expect(try hub.upload(task: "sst2", seed: 1, tensors: ["tau": randomTensor(4, 8, seed: 4)]).status == 201)
        let response = try hub.request("GET", target)
        #expect(response.status == 400 && response.text.contains(fragment), "\(target): \(response.status) \(response.text)")
    }
}
