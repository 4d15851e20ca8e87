extension Migration {
    /// Multi-level reporting chains (issue 14, `docs/villages.md`): a chain of an owner with its
    /// forms, fields and levels (a deadline each); each unit's state per form, its current values
    /// (bottom units: entered; higher units' values are compiled on read), and every step taken
    /// (who, when, why; each submission a new revision with its values kept whole).
    static let reportingChains = Migration(id: 15, name: "reporting-chains") { d in
        [
            """
            CREATE TABLE chains (
                id \(d.autoIncrementPrimaryKey),
                owner TEXT NOT NULL REFERENCES institutions(code),
                title_en TEXT NOT NULL,
                title_lo TEXT,
                lo_status TEXT NOT NULL,
                year INTEGER NOT NULL,
                indicator TEXT,
                series TEXT,
                scope TEXT,
                is_illustrative INTEGER NOT NULL DEFAULT 0,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE chain_forms (
                chain_id BIGINT NOT NULL REFERENCES chains(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                code TEXT NOT NULL,
                title_en TEXT NOT NULL,
                title_lo TEXT,
                lo_status TEXT NOT NULL,
                PRIMARY KEY (chain_id, code))
            """,
            """
            CREATE TABLE chain_fields (
                chain_id BIGINT NOT NULL REFERENCES chains(id) ON DELETE CASCADE,
                form_code TEXT NOT NULL,
                position INTEGER NOT NULL,
                code TEXT NOT NULL,
                title_en TEXT NOT NULL,
                title_lo TEXT,
                lo_status TEXT NOT NULL,
                aggregation TEXT NOT NULL,
                PRIMARY KEY (chain_id, form_code, code))
            """,
            """
            CREATE TABLE chain_levels (
                chain_id BIGINT NOT NULL REFERENCES chains(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                level TEXT NOT NULL CHECK (level IN ('province', 'district', 'village')),
                deadline TEXT NOT NULL,
                PRIMARY KEY (chain_id, position))
            """,
            """
            CREATE TABLE chain_submissions (
                chain_id BIGINT NOT NULL REFERENCES chains(id) ON DELETE CASCADE,
                area_code TEXT NOT NULL REFERENCES areas(code),
                form_code TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'accepted')),
                revision INTEGER NOT NULL,
                comment TEXT,
                updated_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (chain_id, area_code, form_code))
            """,
            """
            CREATE TABLE chain_values (
                chain_id BIGINT NOT NULL REFERENCES chains(id) ON DELETE CASCADE,
                area_code TEXT NOT NULL,
                form_code TEXT NOT NULL,
                field_code TEXT NOT NULL,
                value \(d.double) NOT NULL,
                PRIMARY KEY (chain_id, area_code, form_code, field_code))
            """,
            """
            CREATE TABLE chain_steps (
                id \(d.autoIncrementPrimaryKey),
                chain_id BIGINT NOT NULL REFERENCES chains(id) ON DELETE CASCADE,
                area_code TEXT NOT NULL,
                form_code TEXT NOT NULL,
                step TEXT NOT NULL CHECK (step IN ('save', 'submit', 'return', 'accept')),
                state TEXT NOT NULL,
                revision INTEGER NOT NULL,
                values_json TEXT,
                comment TEXT,
                actor TEXT NOT NULL,
                at TEXT NOT NULL)
            """,
            "CREATE INDEX chain_steps_unit ON chain_steps(chain_id, area_code, form_code)",
        ]
    }
}
