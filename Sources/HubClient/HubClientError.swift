/// Why a request to the hub failed, worded to say what to do about it.
public enum HubClientError: Error, CustomStringConvertible, Sendable {
    /// The hub address given (--hub / TPV_HUB) is not a URL.
    case invalidHubURL(String)
    /// Nothing answers at the address: refused, or the host name does not resolve.
    case noHub(url: String, reason: String)
    /// The hub accepted the connection but did not answer in time.
    case timedOut(request: String, url: String, seconds: Double)
    /// The connection broke some other way.
    case transport(request: String, reason: String)
    /// The hub answered with an error status. `tokenGiven` tells a 401 for a missing token
    /// from one for a refused token.
    case problem(request: String, ProblemDetails, tokenGiven: Bool)
    /// The hub answered 2xx with a body this client cannot read.
    case unexpectedBody(request: String, reason: String)

    /// The HTTP status of a `.problem`, nil for the other cases.
    public var status: Int? {
        if case .problem(_, let problem, _) = self { return problem.status }
        return nil
    }

    public var description: String {
        switch self {
        case .invalidHubURL(let text):
            return "'\(text)' is not a hub address; pass one like http://127.0.0.1:8080 with --hub or TPV_HUB"
        case .noHub(let url, let reason):
            return "no hub at \(url) (\(reason)); start one with `make serve` or pass --hub / TPV_HUB"
        case .timedOut(let request, let url, let seconds):
            return "\(request): no answer from \(url) within \(Int(seconds)) s; the hub may be busy or stuck"
        case .transport(let request, let reason):
            return "\(request): \(reason)"
        case .problem(let request, let problem, let tokenGiven):
            var text = "\(request): \(problem.status) \(problem.title)"
            if !problem.detail.isEmpty { text += ": \(problem.detail)" }
            if problem.status == 401 {
                text += tokenGiven
                    ? " The token from --token / TPV_TOKEN was refused; check it, or create another with `tpv token create --name NAME` on the hub's machine."
                    : " Pass a token with --token or TPV_TOKEN; `tpv token create --name NAME` on the hub's machine makes one."
            }
            return text
        case .unexpectedBody(let request, let reason):
            return "\(request): the hub's answer could not be read (\(reason)); is --hub pointing at a tpv hub?"
        }
    }
}

extension HubClientError {
    /// Failures worth retrying after a pause: the hub is restarting or briefly unreachable,
    /// or a proxy in front of it answered for it.
    public var isTransient: Bool {
        switch self {
        case .noHub, .timedOut, .transport: return true
        case .problem(_, let problem, _): return (502...504).contains(problem.status)
        case .invalidHubURL, .unexpectedBody: return false
        }
    }
}
