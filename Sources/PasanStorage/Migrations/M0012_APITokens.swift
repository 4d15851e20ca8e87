extension Migration {
    /// API tokens of institutions' systems: stored hashed (the SHA-256 of the whole token, never
    /// the token), recognised by their prefix, scoped to read or write, with an expiry, the last
    /// use (to the minute) and who revoked them when.
    static let apiTokens = Migration(id: 12, name: "api-tokens") { d in
        [
            """
            CREATE TABLE api_tokens (
                id \(d.autoIncrementPrimaryKey),
                institution TEXT NOT NULL REFERENCES institutions(code),
                name TEXT NOT NULL,
                prefix TEXT NOT NULL UNIQUE,
                token_hash TEXT NOT NULL UNIQUE,
                scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
                created_at TEXT NOT NULL,
                created_by BIGINT REFERENCES users(id),
                created_by_name TEXT NOT NULL,
                expires_on TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT,
                revoked_by BIGINT REFERENCES users(id),
                revoked_by_name TEXT)
            """,
            "CREATE INDEX api_tokens_institution ON api_tokens(institution, id)",
        ]
    }
}
