import HTTP
import Tensor

/// Which tensor format a request sends and which it wants back.
enum TensorNegotiation {
    /// The upload's format: its Content-Type when that names one, otherwise sniffed from the
    /// bytes (curl --data-binary labels everything application/x-www-form-urlencoded).
    static func uploadFormat(of request: Request) throws -> TensorFormat {
        if let type = request.headers["content-type"], let format = TensorFormat(mediaType: type) {
            return format
        }
        guard let sniffed = TensorFormat.sniff(request.body) else {
            throw HTTPError(.unsupportedMediaType,
                            "The body is not a tensor file the hub reads; send safetensors, .npy or JSON {\"shape\":[P,d],\"data\":[...]} (Content-Type \(TensorFormat.allCases.map(\.mediaType).joined(separator: ", "))).")
        }
        return sniffed
    }

    /// The download format: `?format=` wins, then the first Accept type the hub knows, else safetensors.
    /// `alsoAccepted`: the route's other `?format=` values, named when the format is unknown.
    static func downloadFormat(of request: Request, alsoAccepted: [String] = []) throws -> TensorFormat {
        if let name = request.query["format"] {
            guard let format = TensorFormat(name: name) else {
                throw HTTPError.badRequest("Unknown format '\(name)'; use one of \((TensorFormat.allCases.map(\.rawValue) + alsoAccepted).joined(separator: ", ")).")
            }
            return format
        }
        guard let accept = request.headers["accept"] else { return .safetensors }
        var sawWildcard = false
        for item in accept.split(separator: ",") {
            let type = item.split(separator: ";")[0].trimmingCharacters(in: .whitespaces)
            if type == "*/*" || type == "application/*" { sawWildcard = true; continue }
            if let format = TensorFormat(mediaType: type) { return format }
        }
        guard sawWildcard else {
            throw HTTPError(.notAcceptable, "None of Accept '\(accept)' is a tensor format the hub writes; accept one of \(TensorFormat.allCases.map(\.mediaType).joined(separator: ", ")) or use ?format=.")
        }
        return .safetensors
    }

    static func decodeSingle(_ bytes: [UInt8], format: TensorFormat) throws -> Tensor {
        do {
            switch format {
            case .npy: return try Npy.decode(bytes)
            case .json: return try TensorJSON.decode(bytes)
            case .safetensors:
                let file = try Safetensors.decode(bytes)
                guard file.tensors.count == 1, let only = file.tensors.values.first else {
                    throw HTTPError.badRequest("Expected one tensor in the safetensors file, found \(file.tensors.count): \(file.tensors.keys.sorted().joined(separator: ", ")).")
                }
                return only
            }
        } catch let error as TensorFormatError {
            throw HTTPError.badRequest(error.description)
        }
    }

    /// A tensor in the requested format. Safetensors carries `name` as its key and `metadata`.
    static func encode(_ tensor: Tensor, name: String, metadata: [String: String], format: TensorFormat) -> [UInt8] {
        switch format {
        case .safetensors: return Safetensors.encode([name: tensor], metadata: metadata)
        case .npy: return Npy.encode(tensor)
        case .json: return TensorJSON.encode(tensor)
        }
    }

    static func fileExtension(_ format: TensorFormat) -> String {
        switch format {
        case .safetensors: return "safetensors"
        case .npy: return "npy"
        case .json: return "json"
        }
    }
}

import Foundation
