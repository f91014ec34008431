import Archive
import HTTP
@testable import HubCLI
import HubClient
import JSON
import PEFT
import Testing

/// What `tpv push` sends, read back by the hub's own multipart reader; and the pure output helpers.
@Suite struct PushSourceTests {
    static let files = AdapterFiles(config: Array("{\"peft_type\":\"PROMPT_TUNING\"}".utf8), model: [1, 2, 3])

    static func parts(_ body: PushSource.Body) throws -> [MultipartPart] {
        let boundary = try #require(try MultipartFormData.boundary(contentType: body.contentType))
        return try MultipartFormData.parse(body.bytes, boundary: boundary)
    }

    @Test func foldersGoAsPartsWithTheirInit() throws {
        let body = try PushSource.adapterFolder(Self.files).body(initial: ("start.npy", [9, 9]))
        let parts = try Self.parts(body)
        #expect(parts.map(\.name) == ["adapter_config", "adapter_model", "init"])
        #expect(parts.map(\.body) == [Self.files.config!, [1, 2, 3], [9, 9]])
        #expect(parts[2].filename == "start.npy" && parts[2].contentType == "application/x-npy")
        #expect(body.summary == "PEFT adapter folder (3 files)")
        var withInit = Self.files
        withInit.initial = ("init.safetensors", [5])
        #expect(throws: ArgumentFormatError.self) { try PushSource.adapterFolder(withInit).body(initial: ("other.npy", [1])) }
        #expect(try Self.parts(PushSource.adapterFolder(withInit).body(initial: nil)).last?.body == [5])
    }

    @Test func archivesGoAsTheyAreUnlessAnInitIsAdded() throws {
        let zip = ZipArchive.write([ArchiveEntry(name: "a/adapter_config.json", bytes: Self.files.config!),
                                    ArchiveEntry(name: "a/adapter_model.safetensors", bytes: [1, 2, 3])])
        let plain = try PushSource.archive(.zip, zip).body(initial: nil)
        #expect(plain.contentType == "application/zip" && plain.bytes == zip)
        let unpacked = try Self.parts(PushSource.archive(.zip, zip).body(initial: ("init.npy", [7])))
        #expect(unpacked.map(\.name) == ["adapter_config", "adapter_model", "init"] && unpacked[1].body == [1, 2, 3])
        let error = #expect(throws: ArgumentFormatError.self) {
            try PushSource.archive(.zip, Array(zip.dropLast(4))).body(initial: ("init.npy", [7]))
        }
        #expect(error?.description.contains("the zip archive cannot be read") == true)
    }

    @Test func tensorsGoAsTheyAreOrAsTunedAndInit() throws {
        let plain = try PushSource.tensor(name: "tau.npy", bytes: [1]).body(initial: nil)
        #expect(plain.contentType == "application/x-npy" && plain.bytes == [1])
        let parts = try Self.parts(PushSource.tensor(name: "tuned.safetensors", bytes: [2]).body(initial: ("init.json", [3])))
        #expect(parts.map(\.name) == ["tuned", "init"] && parts.map(\.contentType) == ["application/x-safetensors", "application/json"])
    }

    @Test func theBoundaryAvoidsThePartsBytes() throws {
        let hostile = Array("--tpv-part-boundary-0\r\n".utf8)
        let body = MultipartBody([MultipartBody.Part(name: "tau", filename: "t.npy", bytes: hostile)])
        #expect(body.boundary != "tpv-part-boundary-0")
        let parsed = try MultipartFormData.parse(body.bytes, boundary: body.boundary)
        #expect(parsed.first?.body == hostile)
        let quoted = MultipartBody([MultipartBody.Part(name: "init", filename: "my \"odd\"\nname.npy", bytes: [1])])
        #expect(try MultipartFormData.parse(quoted.bytes, boundary: quoted.boundary).first?.filename == "my %22odd%22%0Aname.npy")
    }

    @Test func downloadNamesStayInTheCurrentFolder() {
        #expect(DownloadName.fileName(contentDisposition: "attachment; filename=\"t5_mnli_seed1_tau.npy\"", fallback: "v") == "t5_mnli_seed1_tau.npy")
        #expect(DownloadName.fileName(contentDisposition: "attachment; filename=\"../../etc/passwd\"", fallback: "v") == "passwd")
        #expect(DownloadName.fileName(contentDisposition: "attachment; filename=\"..\"", fallback: "v") == "v")
        #expect(DownloadName.fileName(contentDisposition: "attachment; filename=\".bashrc\"", fallback: "v") == "v")
        #expect(DownloadName.fileName(contentDisposition: nil, fallback: "vector3") == "vector3")
    }

    @Test func similarityTableAlignsTheMatrix() throws {
        let answer = try JSONValue.parse(Array("""
            {"model":"m","of":"prompts","tasks":["sst2","rte"],"seeds":{"sst2":[1,2],"rte":[1]},"matrix":[[1,0.123456],[0.123456,1]]}
            """.utf8))
        #expect(SimilarityTable.render(answer) == ["       sst2    rte", "sst2  1.000  0.123", "rte   0.123  1.000"])
        #expect(SimilarityTable.caption(answer) == "cosine similarity of average-pooled tuned prompts, model m; seeds: sst2 1,2; rte 1")
    }
}
