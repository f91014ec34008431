import Archive
import Foundation
import PEFT
import Tensor
import Testing
import TestSupport

/// PEFT prompt-tuning adapters uploaded as archives and multipart parts, with their init.
@Suite struct PeftUploadTests {
    static let initial = randomTensor(6, 8, seed: 11)
    static let tuned = randomTensor(6, 8, seed: 12)

    static func tau() -> Tensor {
        Tensor(shape: [6, 8], scalars: zip(tuned.scalars, initial.scalars).map { $0 - $1 })
    }

    @Test(arguments: ArchiveKind.allCases)
    func archivesOfEveryKindUpload(kind: ArchiveKind) throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        let archive = kind.write(PeftFixtures.entries(config: PeftFixtures.config(tokens: 6, width: 8), prompt: Self.tuned,
                                                      initial: Self.initial))
        // Sniffed (curl --data-binary sends application/x-www-form-urlencoded), then named by Content-Type.
        let created = try hub.request("POST", "/vectors?model=t5-base&task=mnli&seed=1", token: hub.alice,
                                      headers: [("Content-Type", "application/x-www-form-urlencoded")], body: archive)
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.object["id"] as? Int)
        #expect(created.object["num_virtual_tokens"] as? Int == 6 && created.object["has_tuned"] as? Bool == true)
        let provenance = try #require(created.object["provenance"] as? [String: Any])
        #expect((provenance["peft_config"] as? [String: Any])?["task_type"] as? String == "FEATURE_EXTRACTION")
        #expect(try Safetensors.decode(hub.request("GET", "/vectors/\(id)/data").body).tensors["tau"] == Self.tau())
        #expect(try Npy.decode(hub.request("GET", "/vectors/\(id)/data?part=tuned&format=npy").body) == Self.tuned)
        #expect(try Npy.decode(hub.request("GET", "/vectors/\(id)/data?part=init&format=npy").body) == Self.initial)

        let named = try hub.request("PUT", "/vectors?model=t5-base&task=mnli&seed=1", token: hub.alice,
                                    headers: [("Content-Type", kind.mediaType)], body: archive)
        #expect(named.status == 200, "PUT replaces the owner's vector: \(named.text)")
    }

    @Test func initSeedTakesTheStoredInit() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        let config = PeftFixtures.config(tokens: 6, width: 8)
        let withoutInit = ArchiveKind.zip.write(PeftFixtures.entries(config: config, prompt: Self.tuned))
        let missing = try hub.request("POST", "/vectors?model=t5-base&task=mnli&seed=3", token: hub.alice, body: withoutInit)
        #expect(missing.status == 400 && missing.object["field"] as? String == "init", "\(missing.text)")
        #expect(missing.text.contains("add init.safetensors to the adapter folder"), "\(missing.text)")
        let notStored = try hub.request("POST", "/vectors?model=t5-base&task=mnli&seed=3&init=seed", token: hub.alice, body: withoutInit)
        #expect(notStored.status == 400 && notStored.text.contains("no init is stored for this model and seed"), "\(notStored.text)")

        let initRow = try hub.uploadInit(seed: 3, tensor: Self.initial)
        let created = try hub.request("POST", "/vectors?model=t5-base&task=mnli&seed=3&init=seed", token: hub.alice, body: withoutInit)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.object["init_id"] as? Int == initRow.object["id"] as? Int)
        let id = try #require(created.object["id"] as? Int)
        #expect(try Npy.decode(hub.request("GET", "/vectors/\(id)/data?format=npy").body) == Self.tau())

        let twice = ArchiveKind.zip.write(PeftFixtures.entries(config: config, prompt: Self.tuned, initial: Self.initial))
        let both = try hub.request("POST", "/vectors?model=t5-base&task=qnli&seed=3&init=seed", token: hub.alice, body: twice)
        #expect(both.status == 400 && both.text.contains("send one of them"), "\(both.text)")
        let other = try hub.request("POST", "/vectors?model=t5-base&task=qnli&seed=3&init=stored", token: hub.alice, body: withoutInit)
        #expect(other.status == 400 && other.text.contains("use init=seed"), "\(other.text)")
        // A different init than the stored one for the seed contradicts it.
        let contradicting = ArchiveKind.zip.write(PeftFixtures.entries(config: config, prompt: Self.tuned, initial: Self.tuned))
        #expect(try hub.request("POST", "/vectors?model=t5-base&task=qnli&seed=3", token: hub.alice, body: contradicting).status == 409)
    }

    @Test func everyMismatchIsA400NamingTheField() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        // The model's recorded width: t5-base holds 8-wide prompts once this is stored.
        #expect(try hub.upload(task: "sst2", seed: 1, tensors: ["tau": randomTensor(6, 8, seed: 1)]).status == 201)
        func upload(_ config: String, prompt: Tensor = Self.tuned, initial: Tensor = Self.initial, query: String = "") throws -> (Int, String?, String) {
            let body = ArchiveKind.tar.write(PeftFixtures.entries(config: config, prompt: prompt, initial: initial))
            let response = try hub.request("POST", "/vectors?model=t5-base&task=mnli&seed=1\(query)", token: hub.alice, body: body)
            return (response.status, response.object["field"] as? String, response.object["detail"] as? String ?? response.text)
        }
        let cases: [(String, Tensor, Tensor, String, String, String)] = [
            (PeftFixtures.config(tokens: 6, width: 8, peftType: "LORA"), Self.tuned, Self.initial, "", "peft_type", "expected \"PROMPT_TUNING\""),
            (PeftFixtures.config(tokens: 5, width: 8), Self.tuned, Self.initial, "", "num_virtual_tokens", "expected num_virtual_tokens 6"),
            (PeftFixtures.config(tokens: 3, width: 8), Self.tuned, Self.initial, "", "num_transformer_submodules", "expected num_transformer_submodules 2"),
            (PeftFixtures.config(tokens: 6, width: 16), Self.tuned, Self.initial, "", "token_dim", "expected token_dim 8"),
            (PeftFixtures.config(tokens: 6, width: 8, taskType: "GUESS"), Self.tuned, Self.initial, "", "task_type", "not one of PEFT's task types"),
            (PeftFixtures.config(tokens: 6, width: 8, base: "google/flan-t5-xl"), Self.tuned, Self.initial, "", "base_model_name_or_path",
             "expected 't5-base' or a name or path ending in '/t5-base'"),
            (PeftFixtures.config(tokens: 6, width: 16), randomTensor(6, 16, seed: 3), randomTensor(6, 16, seed: 4), "", "token_dim",
             "model 't5-base' holds prompts of width 8; expected token_dim 8"),
            (PeftFixtures.config(tokens: 6, width: 8), Self.tuned, Self.initial, "&num_virtual_tokens=3", "num_virtual_tokens", "disagrees with adapter_config.json's 6"),
        ]
        for (config, prompt, initial, query, field, fragment) in cases {
            let (status, reported, detail) = try upload(config, prompt: prompt, initial: initial, query: query)
            #expect(status == 400 && reported == field, "\(field): \(status) \(reported ?? "-") \(detail)")
            #expect(detail.contains(fragment), "\(field): \(detail)")
        }
        let (status, _, detail) = try upload(PeftFixtures.config(tokens: 6, width: 8), initial: randomTensor(5, 8, seed: 5))
        #expect(status == 400 && detail.contains("[5, 8]"), "the init's shape: \(detail)")
        #expect(try hub.request("GET", "/vectors?model=t5-base").object["total"] as? Int == 1, "nothing stored")
    }

    @Test func hostileArchivesAre400sAndStoreNothing() throws {
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        let good = PeftFixtures.entries(config: PeftFixtures.config(tokens: 6, width: 8), prompt: Self.tuned, initial: Self.initial)
        func entry(_ name: String, _ bytes: [UInt8] = [1]) -> ArchiveEntry { ArchiveEntry(name: name, bytes: bytes) }
        var symlink = TarArchive.write(good + [entry("adapter/link")])
        let linkHeader = symlink.count - 1024 - 1024  // the last entry: a header and one data block before the end blocks
        symlink[linkHeader + 156] = UInt8(ascii: "2")
        var sum = 0
        for i in 0..<512 { sum += (148..<156).contains(i) ? 32 : Int(symlink[linkHeader + i]) }
        symlink.replaceSubrange((linkHeader + 148)..<(linkHeader + 156), with: Array(String(format: "%06o", sum).utf8) + [0, 32])
        let zipBomb = ZipArchive.write(good + [entry("adapter/zeros", [UInt8](repeating: 0, count: 80 << 20))])
        let gzipBomb = ArchiveKind.tarGzip.write(good + [entry("adapter/zeros", [UInt8](repeating: 0, count: 80 << 20))])
        let valid = ZipArchive.write(good)
        let cases: [(String, [UInt8], String)] = [
            ("traversal", TarArchive.write(good + [entry("adapter/../../etc/cron.d/x")]), "'..' path component"),
            ("absolute", ZipArchive.write(good + [entry("/etc/passwd")]), "absolute path"),
            ("symlink", symlink, "is a symbolic link"),
            ("zip bomb", zipBomb, "declares 83886080 bytes"),
            ("gzip bomb", gzipBomb, "inflates to more than"),
            ("duplicate", ZipArchive.write(good + [good[0]]), "appears twice"),
            ("truncated zip", Array(valid.dropLast(30)), "truncated"),
            ("truncated tar", Array(TarArchive.write(good).prefix(1500)), "truncated"),
            ("garbage after zip magic", [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 7, count: 100), "end-of-central-directory"),
            ("unknown file", ZipArchive.write(good + [entry("adapter/optimizer.pt")]), "holds 'adapter/optimizer.pt'"),
            ("pickle", ZipArchive.write([good[0], entry("adapter/adapter_model.bin")]), "is a pickle"),
        ]
        #expect(zipBomb.count < 1 << 20 && gzipBomb.count < 1 << 20)
        for (name, body, fragment) in cases {
            let response = try hub.request("POST", "/vectors?model=t5-base&task=mnli&seed=1", token: hub.alice, body: body)
            #expect(response.status == 400, "\(name): \(response.status) \(response.text)")
            #expect(response.text.contains(fragment), "\(name): \(response.text)")
        }
        #expect(try hub.request("GET", "/vectors").object["total"] as? Int == 0)
        #expect(try hub.request("GET", "/inits").object["total"] as? Int == 0)
        let blobs = hub.directory.file("data/blobs")
        let stored = FileManager.default.enumerator(atPath: blobs)?.allObjects.compactMap { $0 as? String }
            .filter { !$0.contains("/") || $0.split(separator: "/").count == 3 }.filter { $0.count > 60 } ?? []
        #expect(stored.isEmpty, "no blob written: \(stored)")
        #expect(try hub.request("GET", "/health").status == 200)
        // Every prefix of a valid zip: a 400, never a crash.
        for length in stride(from: 0, to: valid.count, by: 97) {
            let response = try hub.request("POST", "/vectors?model=t5-base&task=mnli&seed=1", token: hub.alice,
                                           headers: [("Content-Type", "application/zip")], body: Array(valid.prefix(length)))
            #expect(response.status == 400, "cut at \(length): \(response.text)")
        }
    }
}
