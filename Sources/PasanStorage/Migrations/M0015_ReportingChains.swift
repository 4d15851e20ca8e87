extension Migration {
    /// Multi-level reporting chains (issue 14, `docs/villages.md`).
    static let reportingChains = Migration(id: 15, name: "reporting-chains") { d in
        []
    }
}
