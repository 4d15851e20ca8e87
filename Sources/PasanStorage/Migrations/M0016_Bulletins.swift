extension Migration {
    /// Village bulletins (issue 14, `docs/villages.md`): the Secretariat's choice of a bulletin's
    /// indicators — national (`scope` empty) or for one province (`scope` its code) — kept whole
    /// as revisions with who and when (the latest revision of a scope is in force; an empty list
    /// hands the province back to the national list). Also the index the place pages read an
    /// area's published values by.
    static let bulletins = Migration(id: 16, name: "bulletins") { d in
        [
            """
            CREATE TABLE bulletin_choices (
                id \(d.autoIncrementPrimaryKey),
                scope TEXT NOT NULL,
                revision INTEGER NOT NULL,
                indicators TEXT NOT NULL,
                changed_by TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                UNIQUE (scope, revision))
            """,
            "CREATE INDEX observations_area ON observations(area, indicator)",
        ]
    }
}
