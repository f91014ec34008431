import Foundation

/// Builds request URLs from the hub's address, a path and query pairs.
enum HubURL {
    /// The address without a trailing slash; "host:port" gets "http://".
    static func normalized(_ text: String) -> String {
        var base = text.trimmingCharacters(in: .whitespaces)
        if !base.contains("://") { base = "http://" + base }
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    static func make(base: String, path: String, query: [(String, String)]) throws -> URL {
        var text = base + (path.hasPrefix("/") ? path : "/" + path)
        if !query.isEmpty {
            text += "?" + query.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw HubClientError.invalidHubURL(base)
        }
        return url
    }

    /// Percent-encodes all but the unreserved characters, so '+', '&' and '=' in values survive.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
