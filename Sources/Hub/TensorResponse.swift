import HTTP
import Store
import Tensor

/// A tensor download: the body in the negotiated format, a strong ETag, and 304 when the
/// client already holds exactly this representation.
struct TensorResponse {
    let tensor: Tensor
    /// Identifies the tensor's content (the blob's SHA-256, or a digest of computed content).
    let contentTag: String
    let name: String
    let fileStem: String
    let metadata: [String: String]
    /// Other `?format=` values the route answers, for the message about an unknown one.
    var otherFormats: [String] = []

    func response(for request: Request) throws -> Response {
        let format = try TensorNegotiation.downloadFormat(of: request, alsoAccepted: otherFormats)
        // One representation per format: the tag must differ where the bytes do.
        let etag = "\"\(contentTag)\(format == .safetensors ? "" : "." + format.rawValue)\""
        var headers = HTTPHeaders([
            ("ETag", etag),
            ("Cache-Control", "no-cache"),
            ("Vary", "Accept"),
        ])
        if let notModified = ETagList.notModified(request, etag: etag, headers: headers) { return notModified }
        headers.add("Content-Type", format.mediaType)
        headers.add("Content-Disposition", "attachment; filename=\"\(fileStem).\(TensorNegotiation.fileExtension(format))\"")
        let bytes = TensorNegotiation.encode(tensor, name: name, metadata: metadata, format: format)
        return Response(status: .ok, headers: headers, body: .bytes(bytes))
    }
}

import Foundation
