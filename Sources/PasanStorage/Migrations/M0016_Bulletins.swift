extension Migration {
    /// Village bulletins (issue 14, `docs/villages.md`).
    static let bulletins = Migration(id: 16, name: "bulletins") { d in
        []
    }
}
