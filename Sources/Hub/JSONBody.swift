import HTTP
import JSON

/// The JSON object a POST of the jobs API carries, or a 400/415 that says how to send one.
enum JSONBody {
    static func object(_ request: Request, example: String) throws -> JSONValue {
        // curl -d labels a body form-urlencoded unless told otherwise; the JSON parse below decides.
        if let type = request.headers["content-type"]?.lowercased(),
           !type.hasPrefix("application/json"), !type.hasPrefix("application/x-www-form-urlencoded") {
            throw HTTPError(.unsupportedMediaType, "Send the body as JSON with 'Content-Type: application/json', not '\(Names.printable(type))'.")
        }
        guard !request.body.isEmpty else {
            throw HTTPError.badRequest("The body is empty; send a JSON object, e.g. \(example)")
        }
        let value: JSONValue
        do { value = try JSONValue.parse(request.body) } catch let error as JSONSyntaxError {
            throw HTTPError.badRequest("The body is not valid JSON: \(error.description).")
        }
        guard case .object = value else {
            throw HTTPError.badRequest("The body must be a JSON object, not \(value.kindName), e.g. \(example)")
        }
        return value
    }
}
