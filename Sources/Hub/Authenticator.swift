import HTTP
import Store

/// Who is writing: every write carries `Authorization: Bearer <token>`; reading is public.
struct Authenticator: Sendable {
    let tokens: TokenStore

    func owner(of request: Request) throws -> String {
        let challenge = HTTPHeaders([("WWW-Authenticate", "Bearer realm=\"tpv-hub\"")])
        guard let header = request.headers["authorization"] else {
            throw HTTPError(.unauthorized, "This write needs 'Authorization: Bearer <token>'; create a token with `tpv token create --name NAME`.",
                            headers: challenge)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw HTTPError(.unauthorized, "Use the Bearer scheme: 'Authorization: Bearer <token>'.", headers: challenge)
        }
        guard let owner = try tokens.authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw HTTPError(.unauthorized, "The token is not valid; create one with `tpv token create --name NAME`.", headers: challenge)
        }
        return owner
    }
}

import Foundation
