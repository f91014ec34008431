/// API tokens: the plaintext is shown once at creation; only its SHA-256 is stored.
public final class TokenStore: @unchecked Sendable {
    private let database: Database
    /// Every token starts with this, so a leaked one is recognisable in logs and by secret scanners.
    public static let prefix = "tpv_"
    private static let secretByteCount = 32
    /// last_used_at is refreshed at most this often, so authentication stays a read.
    private static let lastUsedResolutionSeconds = 60

    init(database: Database) {
        self.database = database
    }

    /// Creates a token for owner `name` (1-64 characters, no control characters, no surrounding spaces)
    /// and returns its plaintext, which is not stored and cannot be shown again.
    public func create(name: String) throws -> String {
        try TokenStore.validate(name: name)
        let token = TokenStore.prefix + Hex.encode(try SecureRandom.bytes(TokenStore.secretByteCount))
        try database.write { connection in
            try connection.run("INSERT INTO tokens (name, token_sha256, created_at) VALUES (?, ?, ?)",
                               name, SHA256.hex(token), Timestamp.now())
        }
        return token
    }

    /// The owner name of `token`, or nil when it is malformed, unknown or revoked.
    public func authenticate(_ token: String) throws -> String? {
        guard token.hasPrefix(TokenStore.prefix),
              Hex.isLowercase(String(token.dropFirst(TokenStore.prefix.count)), byteCount: TokenStore.secretByteCount)
        else { return nil }
        // Looked up by hash: the comparison never touches the secret, so timing reveals nothing.
        let digest = SHA256.hex(token)
        guard let (id, name, lastUsed) = try database.readSingle({ connection in
            try connection.queryFirst("SELECT id, name, last_used_at FROM tokens WHERE token_sha256 = ?", digest) {
                (try $0.get("id", as: Int.self), try $0.get("name", as: String.self),
                 try $0.get("last_used_at", as: String?.self))
            }
        }) else { return nil }
        if lastUsed.map({ $0 < Timestamp.secondsAgo(TokenStore.lastUsedResolutionSeconds) }) ?? true {
            try database.write { try $0.run("UPDATE tokens SET last_used_at = ? WHERE id = ?", Timestamp.now(), id) }
        }
        return name
    }

    /// Every token's owner and dates, oldest first; secrets are not stored, so none are returned.
    public func list() throws -> [TokenInfo] {
        try database.readSingle { connection in
            try connection.query("SELECT id, name, created_at, last_used_at FROM tokens ORDER BY id") {
                TokenInfo(id: try $0.get("id"), name: try $0.get("name"), createdAt: try $0.get("created_at"),
                          lastUsedAt: try $0.get("last_used_at"))
            }
        }
    }

    /// Deletes token `id`; returns false when there was none.
    @discardableResult
    public func revoke(id: Int) throws -> Bool {
        try database.write { try $0.run("DELETE FROM tokens WHERE id = ?", id) } > 0
    }

    /// Throws invalidArgument unless `name` is an acceptable owner name.
    public static func validate(name: String) throws {
        func refuse(_ reason: String) -> StoreError { .invalidArgument(field: "token name", reason: reason) }
        guard (1...64).contains(name.count) else { throw refuse("must be 1 to 64 characters, got \(name.count)") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw refuse("must not contain control characters")
        }
        guard name.first?.isWhitespace == false, name.last?.isWhitespace == false else {
            throw refuse("must not start or end with white space")
        }
    }
}
