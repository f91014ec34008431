#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only access to a file's bytes through mmap.
///
/// Model files are large (90 MB for MiniLM); mapping them lets the readers
/// convert straight from the page cache into the tensors' storage instead of
/// first copying the whole file into an array.
enum MappedFile {
    static func withBytes<Result>(
        ofFile path: String, format: TensorFormat,
        _ body: (UnsafeRawBufferPointer) throws -> Result
    ) throws -> Result {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw systemError("cannot open", path, format) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw systemError("cannot stat", path, format) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw TensorFormatError(format, "'\(path)' is not a regular file; pass the path of a .\(format.fileExtension) file")
        }
        let size = Int(status.st_size)
        if size == 0 { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
              mapping != MAP_FAILED else { throw systemError("cannot map", path, format) }
        defer { munmap(mapping, size) }
        return try body(UnsafeRawBufferPointer(start: mapping, count: size))
    }

    private static func systemError(_ action: String, _ path: String, _ format: TensorFormat) -> TensorFormatError {
        let reason = String(cString: strerror(errno))
        return TensorFormatError(format, "\(action) '\(path)': \(reason)")
    }
}
