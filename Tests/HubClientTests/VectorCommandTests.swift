import Archive
import Foundation
import JSON
import PEFT
import Tensor
import Testing
import TestSupport

/// `tpv push`, `ls`, `pull`, `compose` and `similarity`: the built binary against the real `tpv serve`.
@Suite(.serialized) struct VectorCommandTests {
    let directory = TemporaryDirectory(prefix: "tpv-cli-vectors")
    let hub: HubProcess
    let token: String

    init() throws {
        let data = directory.file("data")
        token = try runProcess(HubProcess.executable, ["token", "create", "--name", "alice", "--data", data,
                                                       "--migrations", repositoryRoot + "/Migrations"])
            .output.trimmingCharacters(in: .newlines)
        hub = try HubProcess(dataDirectory: data)
    }

    func tpv(_ arguments: [String], token: String? = nil) throws -> ProcessResult {
        try runProcess(HubProcess.executable, arguments,
                       environment: ["TPV_HUB": "http://127.0.0.1:\(hub.port)", "TPV_TOKEN": token ?? self.token])
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = directory.file(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

    static func tensor(_ rows: Int, _ cols: Int, _ seed: Int) -> Tensor {
        Tensor(shape: [rows, cols], scalars: (0..<(rows * cols)).map { Float(($0 * 7919 + seed * 104_729) % 2001 - 1000) / 1000 })
    }

    static let initial = tensor(4, 8, 1)
    static func adapter(_ tuned: Tensor, width: Int = 8) -> PeftAdapter {
        PeftAdapter(config: PeftAdapterConfig(numVirtualTokens: tuned.shape[0], tokenDim: width, taskType: "SEQ_CLS",
                                              baseModelNameOrPath: "google-t5/t5-base"), promptEmbeddings: tuned)
    }

    @Test func pushEveryKindOfFileThenListPullComposeAndCompare() throws {
        // A tau as .npy; an adapter folder with --init; a zip holding its init; a .tar.gz with the stored init; a tuned file with --init.
        let tau = try tpv(["push", try write(Npy.encode(Self.tensor(4, 8, 2)), "tau.npy"), "--model", "t5-base", "--task", "sst2", "--seed", "1"])
        #expect(tau.status == 0, "\(tau.stderr)")
        #expect(tau.output == "vector 1 created: model t5-base, task sst2, seed 1, 4x8 -> /vectors/1\n")

        let mnliTuned = Self.tensor(4, 8, 3)
        for entry in Self.adapter(mnliTuned).entries(folder: "mnli") { _ = try write(entry.bytes, entry.name) }
        let folder = try tpv(["push", directory.file("mnli"), "--model", "t5-base", "--task", "mnli", "--seed", "1",
                              "--init", try write(Npy.encode(Self.initial), "init.npy")])
        #expect(folder.status == 0, "\(folder.stderr)")
        #expect(folder.output.hasPrefix("vector 2 created: model t5-base, task mnli, seed 1, 4x8, with its tuned prompt"), "\(folder.output)")

        let qnli = Self.adapter(Self.tensor(4, 8, 4)).entries(folder: "qnli")
            + [ArchiveEntry(name: "qnli/init.safetensors", bytes: Safetensors.encode(["init": Self.initial]))]
        let zip = try tpv(["push", try write(ZipArchive.write(qnli), "qnli.zip"), "--model", "t5-base", "--task", "qnli", "--seed", "1"])
        #expect(zip.status == 0, "\(zip.stderr)")
        let rte = try tpv(["push", try write(ArchiveKind.tarGzip.write(Self.adapter(Self.tensor(4, 8, 5)).entries(folder: "rte")), "rte.tgz"),
                           "--model", "t5-base", "--task", "rte", "--seed", "1", "--stored-init", "--json"])
        #expect(rte.status == 0, "\(rte.stderr)")
        #expect(try JSONValue.parse(Array(rte.output.utf8))["init_id"] == 1, "the init stored with mnli's upload")
        let tuned = try tpv(["push", try write(Safetensors.encode(["x": Self.tensor(4, 8, 6)]), "cola.safetensors"),
                             "--init", directory.file("init.npy"), "--model", "t5-base", "--task", "cola", "--seed", "1"])
        #expect(tuned.status == 0, "\(tuned.stderr)")

        // ls: aligned table, filters, JSON.
        let listed = try tpv(["ls"])
        #expect(listed.status == 0)
        let rows = listed.output.split(separator: "\n").map(String.init)
        #expect(rows.count == 6 && rows[0].hasPrefix("ID  MODEL    TASK  SEED  SHAPE  TUNED  OWNER  CREATED (UTC)"), "\(listed.output)")
        #expect(rows[1].hasPrefix(" 5  t5-base  cola     1  4x8    yes    alice  "), "ordered by model, task, seed: \(listed.output)")
        #expect(try tpv(["ls", "--task", "mnli"]).output.split(separator: "\n").count == 2)
        #expect(try tpv(["ls", "--model", "nothing-here"]).output == "no vectors\n")
        let paged = try tpv(["ls", "--limit", "2"])
        #expect(paged.stderr == "1-2 of 5 vectors; --offset 2 shows more\n")

        // pull: tensor formats, an adapter zip into a folder, standard output.
        let npyPath = directory.file("mnli-tuned.npy")
        let pulled = try tpv(["pull", "2", "--part", "tuned", "--format", "npy", "-o", npyPath])
        #expect(pulled.status == 0 && pulled.output.hasPrefix("saved \(npyPath) ("), "\(pulled.stderr)")
        #expect(try Npy.decode(read(npyPath)) == mnliTuned)
        try FileManager.default.createDirectory(atPath: directory.file("downloads"), withIntermediateDirectories: true)
        let peft = try tpv(["pull", "2", "--format", "peft", "-o", directory.file("downloads")])
        let zipPath = directory.file("downloads/t5-base_mnli_seed1_tuned.zip")
        #expect(peft.output.hasPrefix("saved \(zipPath) ("), "\(peft.output) \(peft.stderr)")
        let files = try AdapterFiles(entries: ZipArchive.read(read(zipPath)))
        let downloaded = try PeftAdapter.read(config: try #require(files.config), model: try #require(files.model))
        #expect(downloaded.promptEmbeddings == mnliTuned && downloaded.config.taskType == "SEQ_CLS")
        let stdout = try tpv(["pull", "1", "--format", "npy", "-o", "-"])
        #expect(try Npy.decode(Array(stdout.stdout)) == Self.tensor(4, 8, 2))
        #expect(stdout.stderr.hasPrefix("saved standard output ("))

        // compose: the file and its formula.
        let composedPath = directory.file("composed.safetensors")
        let composed = try tpv(["compose", "mnli,qnli", "--lambda", "0.5", "-o", composedPath])
        #expect(composed.status == 0, "\(composed.stderr)")
        #expect(composed.output.contains(": init(seed 1) + 0.5 * (1.0 * tau(mnli, seed 1) + 1.0 * tau(qnli, seed 1))"), "\(composed.output)")
        #expect(try Safetensors.decode(read(composedPath)).tensors["prompt_embeddings"]?.shape == [4, 8])
        let composedPeft = try tpv(["compose", "mnli", "--format", "peft-tar.gz", "--task-type", "CAUSAL_LM", "-o", directory.file("c.tar.gz")])
        #expect(composedPeft.status == 0, "\(composedPeft.stderr)")
        let composedFiles = try AdapterFiles(entries: ArchiveKind.tarGzip.read(read(directory.file("c.tar.gz"))))
        #expect(try PeftAdapterConfig.parse(try #require(composedFiles.config)).taskType == "CAUSAL_LM")

        // similarity: an aligned matrix whose numbers are the hub's, rounded.
        let table = try tpv(["similarity", "mnli,qnli,rte", "--model", "t5-base"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.output.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("cosine similarity of average-pooled vectors (tau), model t5-base; seeds: mnli 1; qnli 1; rte 1"))
        #expect(lines[1] == "       mnli   qnli    rte" || lines[1].hasSuffix("mnli   qnli    rte"), "\(table.output)")
        #expect(Set(lines.dropFirst().map(\.count)).count == 1, "aligned: \(table.output)")
        #expect(lines[2].hasPrefix("mnli  1.000"), "\(table.output)")
        let json = try JSONValue.parse(Array(try tpv(["similarity", "mnli,qnli,rte", "--model", "t5-base", "--json"]).output.utf8))
        let qnliRow = lines[3].split(separator: " ").dropFirst().map(String.init)
        let qnliScores = json["matrix"]?.arrayValue?[1].arrayValue ?? []
        #expect(qnliRow == qnliScores.map { String(format: "%.3f", $0.doubleValue ?? .nan) })
        #expect(try tpv(["similarity", "--of", "prompts", "--model", "t5-base"]).output.contains("tuned prompts"))
    }

    @Test func failuresSayWhatWentWrongWithTheirExitStatus() throws {
        let tau = try write(Npy.encode(Self.tensor(4, 8, 2)), "tau.npy")
        #expect(try tpv(["push", tau, "--model", "t5-base", "--task", "sst2", "--seed", "1"]).status == 0)

        let taken = try tpv(["push", tau, "--model", "t5-base", "--task", "sst2", "--seed", "1"])
        #expect(taken.status == 2 && taken.stderr.contains("POST /vectors: 409 Conflict: a vector for model 't5-base', task 'sst2', seed 1 already exists"), "\(taken.stderr)")
        let replaced = try tpv(["push", tau, "--model", "t5-base", "--task", "sst2", "--seed", "1", "--replace"])
        #expect(replaced.status == 0 && replaced.output.hasPrefix("vector 1 replaced:"), "\(replaced.stderr)")

        let anonymous = try runProcess(HubProcess.executable, ["push", tau, "--model", "t5-base", "--task", "x", "--seed", "1"],
                                       environment: ["TPV_HUB": "http://127.0.0.1:\(hub.port)", "TPV_TOKEN": ""])
        #expect(anonymous.status == 2 && anonymous.stderr.contains("Pass a token with --token or TPV_TOKEN"), "\(anonymous.stderr)")

        let missing = try tpv(["push", directory.file("nope.npy"), "--model", "t5-base", "--task", "x", "--seed", "1"])
        #expect(missing.status == 2 && missing.stderr.contains("does not exist"), "\(missing.stderr)")
        try FileManager.default.createDirectory(atPath: directory.file("empty"), withIntermediateDirectories: true)
        let notAdapter = try tpv(["push", directory.file("empty"), "--model", "t5-base", "--task", "x", "--seed", "1"])
        #expect(notAdapter.status == 2 && notAdapter.stderr.contains("is not a PEFT adapter folder"), "\(notAdapter.stderr)")
        let both = try tpv(["push", tau, "--model", "t5-base", "--task", "x", "--seed", "1", "--init", tau, "--stored-init"])
        #expect(both.status == 2 && both.stderr.contains("--init and --stored-init both name the init"), "\(both.stderr)")

        // The hub's field-by-field refusal of an adapter reaches the terminal.
        for entry in Self.adapter(Self.tensor(4, 16, 3), width: 16).entries(folder: "wide") { _ = try write(entry.bytes, entry.name) }
        let wide = try tpv(["push", directory.file("wide"), "--model", "t5-base", "--task", "x", "--seed", "1", "--init",
                            try write(Npy.encode(Self.tensor(4, 16, 1)), "wide-init.npy")])
        #expect(wide.status == 2 && wide.stderr.contains("400 Bad Request: The adapter's token_dim is 16, but model 't5-base' holds prompts of width 8"),
                "\(wide.stderr)")
        let noInit = try tpv(["push", directory.file("wide"), "--model", "t5-base", "--task", "x", "--seed", "1"])
        #expect(noInit.status == 2 && noInit.stderr.contains("A tuned prompt needs the init it started from"), "\(noInit.stderr)")

        #expect(try tpv(["pull", "99"]).stderr.contains("404 Not Found: No vector with id 99"))
        #expect(try tpv(["pull", "1", "--format", "pdf"]).stderr.contains("Unknown format 'pdf'; use one of safetensors, npy, json, peft, peft-tar.gz"))
        let unwritable = try tpv(["pull", "1", "-o", directory.file("no/such/folder/tau.safetensors")])
        #expect(unwritable.status == 1 && unwritable.stderr.contains("could not write"), "\(unwritable.stderr)")
        #expect(try tpv(["compose", "mnli"]).status == 2)
        let similarity = try tpv(["similarity", "sst2,absent"])
        #expect(similarity.status == 2 && similarity.stderr.contains("absent"), "\(similarity.stderr)")
        let noHub = try runProcess(HubProcess.executable, ["ls", "--hub", "http://127.0.0.1:1"])
        #expect(noHub.status == 2 && noHub.stderr.contains("no hub at http://127.0.0.1:1"))
    }
}
