import HTTP
import Jobs

/// Runs a call into the jobs module, answering its refusals with 400, 404 or 409 and the store's
/// errors as everywhere else.
func jobCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as JobRequestError {
        switch error.kind {
        case .invalid: throw HTTPError.badRequest(sentence(error.message))
        case .notFound: throw HTTPError.notFound(sentence(error.message))
        case .conflict: throw HTTPError(.conflict, sentence(error.message))
        case .busy: throw HTTPError(.serviceUnavailable, sentence(error.message), headers: HTTPHeaders([("Retry-After", "5")]))
        }
    } catch {
        throw httpError(from: error)
    }
}

/// Messages of the lower modules start in lower case and end without a full stop; HTTP details are sentences.
func sentence(_ message: String) -> String {
    guard let first = message.first else { return message }
    let capitalised = first.uppercased() + message.dropFirst()
    return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
}
