import Archive
import HubClient
import PEFT

/// What `tpv push FILE [--init FILE]` read from disk, and the request body that carries it.
///
/// A PEFT adapter folder goes as multipart parts (adapter_config, adapter_model, init); an
/// archive as it is, unless an init is added, when its files are unpacked (with the hub's
/// limits and checks) and sent as parts; a tensor file as it is, or as the parts tuned and init.
public enum PushSource: Sendable {
    case adapterFolder(AdapterFiles)
    case archive(ArchiveKind, [UInt8])
    case tensor(name: String, bytes: [UInt8])

    public struct Body: Sendable {
        public let contentType: String
        public let bytes: [UInt8]
        /// How the command describes what it sends, e.g. "PEFT adapter folder (3 files)".
        public let summary: String
    }

    /// `initial`: the `--init FILE`, by name and bytes.
    public func body(initial: (name: String, bytes: [UInt8])?) throws -> Body {
        switch self {
        case .adapterFolder(let files):
            return try Self.adapterParts(files, initial: initial, summary: "PEFT adapter folder")
        case .archive(let kind, let bytes):
            guard let initial else { return Body(contentType: kind.mediaType, bytes: bytes, summary: "PEFT adapter \(kind.rawValue) archive") }
            let files: AdapterFiles
            do { files = try AdapterFiles(entries: try kind.read(bytes)) } catch let error as ArchiveError {
                throw ArgumentFormatError("the \(kind.rawValue) archive cannot be read: \(error.message)")
            } catch let error as PeftAdapterError {
                throw ArgumentFormatError(error.message)
            }
            return try Self.adapterParts(files, initial: initial, summary: "PEFT adapter from the \(kind.rawValue) archive")
        case .tensor(let name, let bytes):
            guard let initial else { return Body(contentType: Self.mediaType(of: name), bytes: bytes, summary: "tensor file \(name)") }
            let body = MultipartBody([
                MultipartBody.Part(name: "tuned", filename: name, contentType: Self.mediaType(of: name), bytes: bytes),
                MultipartBody.Part(name: "init", filename: initial.name, contentType: Self.mediaType(of: initial.name), bytes: initial.bytes),
            ])
            return Body(contentType: body.contentType, bytes: body.bytes, summary: "tuned prompt \(name) with init \(initial.name)")
        }
    }

    static func adapterParts(_ files: AdapterFiles, initial: (name: String, bytes: [UInt8])?, summary: String) throws -> Body {
        if initial != nil, let inside = files.initial {
            throw ArgumentFormatError("the adapter already holds \(inside.name); leave out --init, or remove it from the adapter")
        }
        var parts = [
            MultipartBody.Part(name: "adapter_config", filename: PeftAdapterConfig.fileName, contentType: "application/json",
                               bytes: files.config ?? []),
            MultipartBody.Part(name: "adapter_model", filename: PeftAdapter.modelFileName, contentType: "application/x-safetensors",
                               bytes: files.model ?? []),
        ]
        if let start = initial ?? files.initial {
            parts.append(MultipartBody.Part(name: "init", filename: start.name, contentType: mediaType(of: start.name), bytes: start.bytes))
        }
        let body = MultipartBody(parts)
        return Body(contentType: body.contentType, bytes: body.bytes, summary: "\(summary) (\(parts.count) files)")
    }

    /// By extension; the hub recognises the others by their first bytes.
    static func mediaType(of name: String) -> String {
        if name.hasSuffix(".safetensors") { return "application/x-safetensors" }
        if name.hasSuffix(".npy") { return "application/x-npy" }
        if name.hasSuffix(".json") { return "application/json" }
        return "application/octet-stream"
    }
}
