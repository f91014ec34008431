import Archive
import ArgumentParser
import Foundation
import HubCLI
import PEFT

/// Reading what `tpv push` sends and writing what `tpv pull` and `tpv compose` receive.
enum LocalFiles {
    /// FILE as the kind of upload it is: a folder is a PEFT adapter folder; a file whose first bytes
    /// (or name) say zip, tar or gzip an adapter archive; anything else a tensor file.
    static func pushSource(_ path: String) throws -> PushSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("'\(path)' does not exist; pass a tensor file, a PEFT adapter folder or its .zip/.tar/.tar.gz.")
        }
        if isDirectory.boolValue { return .adapterFolder(try adapterFolder(path)) }
        let bytes = try read(path)
        if let kind = ArchiveKind.sniff(bytes) ?? archiveKind(byName: path) { return .archive(kind, bytes) }
        return .tensor(name: URL(fileURLWithPath: path).lastPathComponent, bytes: bytes)
    }

    static func adapterFolder(_ path: String) throws -> AdapterFiles {
        let folder = URL(fileURLWithPath: path)
        func file(_ name: String) throws -> [UInt8]? {
            let url = folder.appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: url.path) ? try read(url.path) : nil
        }
        guard let config = try file(PeftAdapterConfig.fileName), let model = try file(PeftAdapter.modelFileName) else {
            throw ValidationError("'\(path)' is not a PEFT adapter folder: it needs \(PeftAdapterConfig.fileName) and \(PeftAdapter.modelFileName) (save it with save_pretrained(folder)).")
        }
        let inits = try AdapterFiles.initNames.compactMap { name in try file(name).map { (name, $0) } }
        guard inits.count <= 1 else {
            throw ValidationError("'\(path)' holds \(inits.map(\.0).joined(separator: " and ")); keep one init.")
        }
        return AdapterFiles(config: config, model: model, initial: inits.first)
    }

    static func archiveKind(byName path: String) -> ArchiveKind? {
        let name = path.lowercased()
        if name.hasSuffix(".zip") { return .zip }
        if name.hasSuffix(".tar.gz") || name.hasSuffix(".tgz") { return .tarGzip }
        if name.hasSuffix(".tar") { return .tar }
        return nil
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read '\(path)'; check that it is a file you may read.")
        }
        return Array(data)
    }

    /// Writes a download to `path` ("-": standard output; an existing folder: `suggested` inside it; nil:
    /// `suggested` in the current folder) and returns where it went. Failing to write exits 1.
    static func save(_ bytes: [UInt8], to path: String?, suggested: String) throws -> String {
        if path == "-" {
            FileHandle.standardOutput.write(Data(bytes))
            return "standard output"
        }
        var target = path ?? suggested
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            target = URL(fileURLWithPath: target).appendingPathComponent(suggested).path
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("Error: could not write '\(target)': \(error.localizedDescription)\n".utf8))
            throw ExitCode.failure
        }
        return target
    }
}
