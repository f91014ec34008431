import Foundation
import Tensor
import Testing
import TestSupport

/// Real PEFT (torch, transformers, peft from PyPI) on both sides: adapters it saves upload with their
/// inits, and what `format=peft` downloads is loaded by `PeftModel.from_pretrained` with the
/// hub's exact tensor as its prompt. Tiny random BERT and T5 models made in the script are the bases.
@Suite(.serialized) struct PeftInteropTests {
    /// Tiny models: one thread each, so the suites running beside this one keep the cores.
    static let oneThread = ["OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"]

    func curl(_ arguments: [String]) throws -> ProcessResult {
        let result = try runProcess("curl", ["-sS", "--fail-with-body"] + arguments)
        #expect(result.status == 0, "curl \(arguments.joined(separator: " ")): \(result.stderr) \(result.output)")
        return result
    }

    func npy(_ path: String) throws -> Tensor { try Npy.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) }

    @Test func adaptersSavedByPEFTUploadAndDownloadsLoadInPEFT() throws {
        let python = try ReferencePython.executable()
        let hub = try HubFixture()
        defer { withExtendedLifetime(hub) {} }
        let address = "http://127.0.0.1:\(hub.server.port)"
        let work = TemporaryDirectory(prefix: "peft-interop")
        let saved = try runProcess(python, [ReferencePython.script("peft_adapters.py"), "save", work.path], environment: Self.oneThread)
        try #require(saved.status == 0, "\(saved.stderr)")

        // BERT: the saved folder with its init beside the files, as a .tar.gz made by tar.
        try FileManager.default.copyItem(atPath: work.file("bert/init.npy"), toPath: work.file("bert/adapter/init.npy"))
        #expect(try runProcess("tar", ["-czf", work.file("bert.tar.gz"), "-C", work.file("bert"), "adapter"]).status == 0)
        let bert = try curl(["-X", "POST", "\(address)/vectors?model=tiny-bert&task=sst2&seed=1", "-H", "Authorization: Bearer \(hub.alice)",
                             "--data-binary", "@\(work.file("bert.tar.gz"))"])
        // T5: the two files and the init as multipart/form-data, as curl -F sends them.
        let t5 = try curl(["-X", "POST", "\(address)/vectors?model=tiny-t5&task=mnli&seed=1", "-H", "Authorization: Bearer \(hub.alice)",
                           "-F", "adapter_config=@\(work.file("t5/adapter/adapter_config.json"))",
                           "-F", "adapter_model=@\(work.file("t5/adapter/adapter_model.safetensors"))",
                           "-F", "init=@\(work.file("t5/init.npy"))"])
        var ids: [String: Int] = [:]
        for (name, result) in [("bert", bert), ("t5", t5)] {
            let vector = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
            let id = try #require(vector["id"] as? Int)
            ids[name] = id
            let tuned = try npy(work.file("\(name)/tuned.npy")), initial = try npy(work.file("\(name)/init.npy"))
            #expect(try Npy.decode(hub.request("GET", "/vectors/\(id)/data?part=tuned&format=npy").body) == tuned)
            #expect(try Npy.decode(hub.request("GET", "/vectors/\(id)/data?part=init&format=npy").body) == initial)
            let tau = try Npy.decode(hub.request("GET", "/vectors/\(id)/data?format=npy").body)
            #expect(tau == Tensor(shape: tuned.shape, scalars: zip(tuned.scalars, initial.scalars).map { $0 - $1 }))
        }
        #expect(try npy(work.file("t5/tuned.npy")).shape == [8, 16], "T5 stacks two prompts of 4 tokens")

        // Downloads: each archive and the hub tensor it must hold exactly.
        var spec: [[String: String]] = []
        func fetch(_ target: String, archive: String, expected npyTarget: String, base: String) throws {
            _ = try curl(["\(address)\(target)", "-o", work.file(archive)])
            let expected = work.file(archive + ".expected.npy")
            try Data(try hub.request("GET", npyTarget).body).write(to: URL(fileURLWithPath: expected))
            spec.append(["archive": work.file(archive), "expected": expected, "base": base])
        }
        let bertID = ids["bert"]!, t5ID = ids["t5"]!
        try fetch("/vectors/\(bertID)/data?format=peft", archive: "bert.zip", expected: "/vectors/\(bertID)/data?part=tuned&format=npy", base: "bert")
        try fetch("/vectors/\(bertID)/data?format=peft-tar.gz&part=init", archive: "bert-init.tar.gz",
                  expected: "/vectors/\(bertID)/data?part=init&format=npy", base: "bert")
        try fetch("/compose?model=tiny-bert&tasks=sst2&lambda=0.5&seed=1&format=peft", archive: "composed.zip",
                  expected: "/compose?model=tiny-bert&tasks=sst2&lambda=0.5&seed=1&format=npy", base: "bert")
        try fetch("/vectors/\(t5ID)/data?format=peft-tar.gz", archive: "t5.tar.gz", expected: "/vectors/\(t5ID)/data?part=tuned&format=npy", base: "t5")
        let specPath = work.file("spec.json")
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: specPath))
        let loaded = try runProcess(python, [ReferencePython.script("peft_adapters.py"), "load", specPath], environment: Self.oneThread)
        try #require(loaded.status == 0, "\(loaded.stderr)")
        let lines = loaded.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 4, "\(loaded.output)")
        for line in lines {
            #expect(line["equal"] as? Bool == true, "\(line)")
            #expect(line["forward_finite"] as? Bool == true, "\(line)")
            #expect(line["files"] as? [String] == ["README.md", "adapter_config.json", "adapter_model.safetensors"], "\(line)")
        }
        #expect(lines.map { $0["class"] as? String ?? "" } == ["PeftModelForFeatureExtraction", "PeftModelForFeatureExtraction",
                                                              "PeftModelForFeatureExtraction", "PeftModelForSeq2SeqLM"])
        #expect(lines.last?["shape"] as? [Int] == [8, 16])
    }
}
