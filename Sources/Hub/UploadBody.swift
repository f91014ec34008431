import Archive
import HTTP
import Tensor

/// What a `POST /vectors` body is: one tensor file, an archive of a PEFT adapter folder, or
/// multipart/form-data parts. The Content-Type decides when it names one of them; otherwise
/// the first bytes do (curl --data-binary labels everything application/x-www-form-urlencoded).
enum UploadBody {
    case tensor(TensorFormat)
    case archive(ArchiveKind)
    case multipart(boundary: String)

    static func classify(_ request: Request) throws -> UploadBody {
        if let type = request.headers["content-type"] {
            do {
                if let boundary = try MultipartFormData.boundary(contentType: type) { return .multipart(boundary: boundary) }
            } catch let error as MultipartError {
                throw HTTPError.badRequest(error.description)
            }
            if let kind = ArchiveKind(mediaType: type) { return .archive(kind) }
            if let format = TensorFormat(mediaType: type) { return .tensor(format) }
        }
        // safetensors and npy before archives: their magic is checked where an archive's cannot be.
        let sniffed = TensorFormat.sniff(request.body)
        if let sniffed, sniffed != .json { return .tensor(sniffed) }
        if let kind = ArchiveKind.sniff(request.body) { return .archive(kind) }
        if let sniffed { return .tensor(sniffed) }
        throw HTTPError(.unsupportedMediaType, """
            The body is not a file the hub reads; send a tensor (safetensors, .npy or JSON {"shape":[P,d],"data":[...]}), \
            a PEFT adapter folder as .zip, .tar or .tar.gz, or multipart/form-data (Content-Type \
            \((TensorFormat.allCases.map(\.mediaType) + ArchiveKind.allCases.map(\.mediaType) + ["multipart/form-data"]).joined(separator: ", "))).
            """)
    }
}
