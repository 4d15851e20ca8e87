extension Migration {
    /// Per-indicator progress configuration, and the computed results with their method.
    static let progress = Migration(id: 4, name: "progress") { d in
        [
            """
            CREATE TABLE progress_configs (
                indicator TEXT NOT NULL REFERENCES indicators(code),
                series TEXT NOT NULL,
                dimension_key TEXT NOT NULL,
                area TEXT NOT NULL,
                base_year INTEGER NOT NULL,
                target_year INTEGER NOT NULL,
                target \(d.double),
                direction INTEGER NOT NULL CHECK (direction IN (1, -1)),
                limit_value \(d.double),
                override_status TEXT,
                override_justification TEXT,
                note TEXT,
                PRIMARY KEY (indicator, series, dimension_key, area))
            """,
            """
            CREATE TABLE progress_results (
                level TEXT NOT NULL,
                code TEXT NOT NULL,
                method TEXT NOT NULL,
                edition TEXT NOT NULL,
                score \(d.double),
                status TEXT NOT NULL,
                details TEXT NOT NULL,
                computed_at TEXT NOT NULL,
                PRIMARY KEY (level, code, method))
            """,
        ]
    }
}
