import HTTP
import JSON
import Store

/// Store failures as HTTP answers: conflicts are 409, missing rows 404, bad arguments 400,
/// and anything about the disk a 500 that says what the operator should check.
func httpError(from error: Error) -> Error {
    guard let storeError = error as? StoreError else { return error }
    switch storeError {
    case .vectorExists(let id, _, _, _):
        return HTTPError(.conflict, storeError.description, extra: [("existing_id", .int(id))])
    case .initDiffers(let id, _, _, _, _):
        return HTTPError(.conflict, storeError.description, extra: [("init_id", .int(id))])
    case .jobTargetTaken(let jobID, _, _, _):
        return HTTPError(.conflict, storeError.description, extra: [("job_id", .int(jobID))])
    case .datasetExists, .taskSchemaChanged, .jobFinished, .jobNotRunning:
        return HTTPError(.conflict, storeError.description)
    case .vectorNotFound, .initNotFound, .datasetNotFound, .jobNotFound:
        return HTTPError(.notFound, storeError.description)
    case .invalidArgument, .invalidDigest:
        return HTTPError(.badRequest, storeError.description)
    default:
        return HTTPError(.internalServerError, storeError.description)
    }
}

/// Runs a store call, translating its errors.
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw httpError(from: error) }
}
