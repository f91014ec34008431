/// Bytes hashed and written (fsynced) to DATA/tmp, not yet visible under DATA/blobs.
/// Staging happens outside the write lock; only the rename into place needs it.
struct StagedBlob {
    let sha256: String
    let size: Int
    let temporaryPath: String
}
