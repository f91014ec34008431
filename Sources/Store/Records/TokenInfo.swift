/// An API token as listed: never the secret, only who it is for and when it was used.
public struct TokenInfo: Equatable, Sendable {
    /// Row id, for revoking.
    public let id: Int
    /// Owner name the token authenticates as.
    public let name: String
    /// ISO 8601 UTC, milliseconds.
    public let createdAt: String
    /// Last successful authentication (updated at most once a minute), nil if never used.
    public let lastUsedAt: String?
}
