import Archive

/// The files of an uploaded adapter folder, picked out of an archive's entries by name.
///
/// The archive may hold the files at its top level or inside one folder (what `tar -cf a.tar
/// my_adapter` and `zip -r` make). README.md (PEFT writes a model card), macOS's `__MACOSX/`,
/// `._*` and `.DS_Store` are skipped; any other file is refused by name, so nothing the
/// sender meant to include is silently dropped.
public struct AdapterFiles: Sendable {
    public var config: [UInt8]?
    public var model: [UInt8]?
    /// The init the prompt started from: `init.safetensors`, `init.npy` or `init.json`.
    public var initial: (name: String, bytes: [UInt8])?

    public static let initNames = ["init.safetensors", "init.npy", "init.json"]
    public static var acceptedNames: [String] { [PeftAdapterConfig.fileName, PeftAdapter.modelFileName] + initNames + ["README.md"] }

    public init(config: [UInt8]? = nil, model: [UInt8]? = nil, initial: (name: String, bytes: [UInt8])? = nil) {
        self.config = config
        self.model = model
        self.initial = initial
    }

    public init(entries: [ArchiveEntry]) throws {
        let kept = entries.filter { !Self.isSystemClutter($0.name) }
        let folders = Set(kept.map { $0.name.split(separator: "/", maxSplits: 1).count == 2 ? String($0.name.prefix { $0 != "/" }) : "" })
        let prefix = folders.count == 1 && folders.first != "" ? folders.first! + "/" : ""
        for entry in kept {
            let name = String(entry.name.dropFirst(prefix.count))
            switch name {
            case PeftAdapterConfig.fileName: config = entry.bytes
            case PeftAdapter.modelFileName: model = entry.bytes
            case "README.md": continue
            case _ where Self.initNames.contains(name):
                if let initial {
                    throw PeftAdapterError(field: name, "The archive holds two inits, \(initial.name) and \(name); keep one.")
                }
                initial = (name, entry.bytes)
            case "adapter_model.bin":
                throw PeftAdapterError(field: name, "adapter_model.bin is a pickle, which the hub does not load; save the adapter with save_pretrained(folder, safe_serialization=True) to get adapter_model.safetensors.")
            default:
                throw PeftAdapterError(field: name, "The archive holds '\(ArchivePath.printable(entry.name))'; an adapter folder holds \(Self.acceptedNames.joined(separator: ", ")) (at the top level or in one folder).")
            }
        }
        guard config != nil, model != nil else {
            let missing = [config == nil ? PeftAdapterConfig.fileName : nil, model == nil ? PeftAdapter.modelFileName : nil].compactMap { $0 }
            let found = entries.map { ArchivePath.printable($0.name) }
            throw PeftAdapterError(field: missing[0], "The archive has no \(missing.joined(separator: " and ")) at its top level or in its one folder (it holds \(found.isEmpty ? "nothing" : found.joined(separator: ", "))).")
        }
    }

    static func isSystemClutter(_ name: String) -> Bool {
        let last = name.split(separator: "/").last ?? ""
        return name.hasPrefix("__MACOSX/") || last.hasPrefix("._") || last == ".DS_Store"
    }
}
