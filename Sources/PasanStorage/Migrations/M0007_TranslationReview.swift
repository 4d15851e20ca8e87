extension Migration {
    /// The translation review: every proposed Lao text with who proposed and who decided it
    /// (the history), the reviewed interface texts laid over the shipped catalogue, and the
    /// shipped corrections already applied. And the Secretariat's settings of Pasan's defaults.
    static let translationReview = Migration(id: 7, name: "translation-review") { d in
        [
            """
            CREATE TABLE translation_changes (
                id \(d.autoIncrementPrimaryKey),
                kind TEXT NOT NULL CHECK (kind IN ('interface', 'goal', 'target', 'indicator', 'series', 'institution')),
                item_key TEXT NOT NULL,
                english TEXT NOT NULL,
                lo_before TEXT,
                lo_after TEXT NOT NULL,
                proposed_by BIGINT NOT NULL REFERENCES users(id),
                proposed_at TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('web', 'po')),
                note TEXT,
                status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
                decided_by BIGINT REFERENCES users(id),
                decided_at TEXT)
            """,
            "CREATE INDEX translation_changes_item ON translation_changes(kind, item_key, status)",
            "CREATE INDEX translation_changes_status ON translation_changes(status, id)",
            """
            CREATE TABLE interface_translations (
                item_key TEXT PRIMARY KEY,
                lo TEXT NOT NULL,
                lo_status TEXT NOT NULL,
                change_id BIGINT REFERENCES translation_changes(id),
                updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE lao_corrections_applied (
                id TEXT PRIMARY KEY,
                applied_at TEXT NOT NULL,
                outcome TEXT NOT NULL)
            """,
            """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_by BIGINT REFERENCES users(id),
                updated_at TEXT NOT NULL)
            """,
        ]
    }
}
