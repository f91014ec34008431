/// Which blob digests rows still point at; the garbage collector's only source of truth.
enum BlobReferences {
    /// True when a vector (tau or tuned), an init or a dataset references `sha256`.
    static func isReferenced(_ sha256: String, in connection: Connection) throws -> Bool {
        try connection.scalar("""
            SELECT EXISTS (SELECT 1 FROM vectors WHERE sha256 = ?1)
                OR EXISTS (SELECT 1 FROM vectors WHERE tuned_sha256 = ?1)
                OR EXISTS (SELECT 1 FROM inits WHERE sha256 = ?1)
                OR EXISTS (SELECT 1 FROM datasets WHERE sha256 = ?1)
            """, sha256, as: Int.self) == 1
    }

    /// Every digest any row references.
    static func all(in connection: Connection) throws -> Set<String> {
        Set(try connection.query("""
            SELECT sha256 FROM vectors
            UNION SELECT tuned_sha256 FROM vectors WHERE tuned_sha256 IS NOT NULL
            UNION SELECT sha256 FROM inits
            UNION SELECT sha256 FROM datasets
            """) { try $0.get(0, as: String.self) })
    }
}
