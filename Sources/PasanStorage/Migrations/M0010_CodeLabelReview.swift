extension Migration {
    /// The labels of codes an import brought are reviewed like the other texts: a proposal may be
    /// of kind `code` (`translation_changes.kind`). PostgreSQL changes the check in place; SQLite
    /// cannot, so the table is rebuilt with its rows and ids, and `interface_translations`, which
    /// refers to it, is rebuilt after it.
    static let codeLabelReview = Migration(id: 10, name: "code-label-review") { d in
        let kinds = "kind IN ('interface', 'goal', 'target', 'indicator', 'series', 'institution', 'code')"
        switch d.kind {
        case .postgres:
            return [
                "ALTER TABLE translation_changes DROP CONSTRAINT translation_changes_kind_check",
                "ALTER TABLE translation_changes ADD CONSTRAINT translation_changes_kind_check CHECK (\(kinds))",
            ]
        case .sqlite:
            let columns =
                "id, kind, item_key, english, lo_before, lo_after, proposed_by, proposed_at, source, note, status, decided_by, decided_at"
            return [
                """
                CREATE TABLE translation_changes_with_codes (
                    id \(d.autoIncrementPrimaryKey),
                    kind TEXT NOT NULL CHECK (\(kinds)),
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
                "INSERT INTO translation_changes_with_codes (\(columns)) SELECT \(columns) FROM translation_changes",
                """
                CREATE TABLE interface_translations_kept AS
                SELECT item_key, lo, lo_status, change_id, updated_at FROM interface_translations
                """,
                "DROP TABLE interface_translations",
                "DROP TABLE translation_changes",
                "ALTER TABLE translation_changes_with_codes RENAME TO translation_changes",
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
                INSERT INTO interface_translations (item_key, lo, lo_status, change_id, updated_at)
                SELECT item_key, lo, lo_status, change_id, updated_at FROM interface_translations_kept
                """,
                "DROP TABLE interface_translations_kept",
            ]
        }
    }
}
