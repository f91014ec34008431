import ArgumentParser
import Foundation
import HubCLI
import HubClient
import JSON
import Store
import Tensor

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a folder written by `tpv export` (such as the repository's starter-pack) into a hub.",
        discussion: """
            Each vector is uploaded with its init, description, metrics and provenance, and the tau the hub stores is \
            checked against the manifest's SHA-256. A vector the hub already holds identically is skipped, so an \
            import can be run again. Exit status: 0 when every vector is there, 1 when some key holds a different \
            vector (named; delete it or import into another hub), 2 on a bad folder or a refused request.
            """)

    @OptionGroup var hub: HubOptions
    @Argument(help: ArgumentHelp("The folder holding manifest.json.", valueName: "folder"))
    var folder: String

    func run() throws {
        let pack: VectorPack
        do {
            pack = try VectorPack(json: JSONValue.parse(try read(VectorPack.manifestName)))
        } catch let error as ArgumentFormatError {
            throw ValidationError("\(folder)/\(VectorPack.manifestName): \(error.description)")
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(folder)/\(VectorPack.manifestName) is not valid JSON: \(error)")
        }
        // Every file is read and checked before anything is sent: a damaged pack stores nothing.
        let bodies = try pack.vectors.map { vector -> [UInt8] in
            let own = try tensor(vector.file, sha256: vector.sha256)
            guard vector.content == .tuned, let initial = pack.initFile(model: vector.model, seed: vector.seed) else {
                return Safetensors.encode(["tau": own])
            }
            return Safetensors.encode(["tuned": own, "init": try tensor(initial.file, sha256: initial.sha256)])
        }
        let client = hub.client()
        var created = 0, present = 0, conflicts: [String] = []
        for (number, (vector, body)) in zip(pack.vectors, bodies).enumerated() {
            let name = "\(vector.model) \(vector.task) seed \(vector.seed)"
            var query = [("model", vector.model), ("task", vector.task), ("seed", String(vector.seed))]
            for (key, value) in vector.metadata {
                query.append((key, value.stringValue ?? String(decoding: value.serialized(), as: UTF8.self)))
            }
            let outcome: String
            do {
                let answer = try client.upload("POST", "/vectors", query: query, contentType: "application/x-safetensors",
                                               body: body)
                guard answer.body["sha256"]?.stringValue == vector.tauSHA256 else {
                    throw ValidationError("\(name): the hub stored a tau with SHA-256 \(answer.body["sha256"]?.stringValue ?? "?"), the pack says \(vector.tauSHA256); the pack's files were changed")
                }
                created += 1
                outcome = "created vector \(answer.body["id"]?.intValue ?? 0)"
            } catch let error as HubClientError where error.status == 409 {
                let existing = try client.get("/vectors", query: [("model", vector.model), ("task", vector.task),
                                                                  ("seed", String(vector.seed))])["items"]?.arrayValue?.first
                if existing?["sha256"]?.stringValue == vector.tauSHA256 {
                    present += 1
                    outcome = "already there (vector \(existing?["id"]?.intValue ?? 0))"
                } else {
                    conflicts.append("\(name) (vector \(existing?["id"]?.intValue ?? 0))")
                    outcome = "CONFLICT: the hub holds a different vector or init for this key: \(error.description)"
                }
            }
            FileHandle.standardError.write(Data("\(number + 1)/\(pack.vectors.count) \(name): \(outcome)\n".utf8))
        }
        print("imported \(created) vectors, \(present) already there" + (conflicts.isEmpty ? "" : ", \(conflicts.count) conflicting"))
        if !conflicts.isEmpty {
            FileHandle.standardError.write(Data("""
                These keys hold other vectors: \(conflicts.joined(separator: ", ")). Delete them (DELETE /vectors/{id}) \
                or import into another hub.\n
                """.utf8))
            throw ExitCode.failure
        }
    }

    private func read(_ relative: String) throws -> [UInt8] {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(relative).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path); give the folder `tpv export` wrote (it holds \(VectorPack.manifestName))")
        }
        return Array(data)
    }

    /// The one tensor of a pack file, after checking the file is the one the manifest names.
    private func tensor(_ relative: String, sha256: String) throws -> Tensor {
        let bytes = try read(relative)
        guard SHA256.hex(bytes) == sha256 else {
            throw ValidationError("\(relative) does not match its SHA-256 in the manifest; the pack is damaged or was edited")
        }
        let file: SafetensorsFile
        do { file = try Safetensors.decode(bytes) } catch {
            throw ValidationError("\(relative) is not a readable safetensors file: \(error)")
        }
        guard file.tensors.count == 1, let tensor = file.tensors.values.first else {
            throw ValidationError("\(relative) holds \(file.tensors.count) tensors; a pack file holds one")
        }
        return tensor
    }
}
