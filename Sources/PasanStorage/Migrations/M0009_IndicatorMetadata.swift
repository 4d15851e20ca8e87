extension Migration {
    /// Indicator metadata: the texts of the SDG metadata template per indicator, language and
    /// concept, as an import brought them (staged with their batch, then published); a replaced
    /// text is kept in `indicator_metadata_history` with who replaced it, when and by which batch.
    static let indicatorMetadata = Migration(id: 9, name: "indicator-metadata") { d in
        [
            """
            CREATE TABLE import_batch_metadata (
                batch_id BIGINT NOT NULL REFERENCES import_batches(id),
                indicator TEXT NOT NULL,
                language TEXT NOT NULL CHECK (language IN ('en', 'lo')),
                concept TEXT NOT NULL,
                text TEXT NOT NULL,
                file TEXT NOT NULL,
                PRIMARY KEY (batch_id, indicator, language, concept))
            """,
            """
            CREATE TABLE indicator_metadata (
                indicator TEXT NOT NULL REFERENCES indicators(code),
                language TEXT NOT NULL CHECK (language IN ('en', 'lo')),
                concept TEXT NOT NULL,
                text TEXT NOT NULL,
                file TEXT NOT NULL,
                batch_id BIGINT REFERENCES import_batches(id),
                updated_by TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (indicator, language, concept))
            """,
            """
            CREATE TABLE indicator_metadata_history (
                id \(d.autoIncrementPrimaryKey),
                indicator TEXT NOT NULL,
                language TEXT NOT NULL,
                concept TEXT NOT NULL,
                old_text TEXT NOT NULL,
                old_file TEXT NOT NULL,
                old_batch_id BIGINT REFERENCES import_batches(id),
                batch_id BIGINT REFERENCES import_batches(id),
                actor TEXT NOT NULL,
                at TEXT NOT NULL)
            """,
            "CREATE INDEX indicator_metadata_history_field ON indicator_metadata_history(indicator, language, concept)",
            "ALTER TABLE import_batches ADD COLUMN metadata_count INTEGER NOT NULL DEFAULT 0",
        ]
    }
}
