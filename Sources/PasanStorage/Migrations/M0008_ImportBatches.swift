extension Migration {
    /// Import batches: values read from an Open SDG repository or an SDMX message, staged with
    /// their provenance (file, line) and the rows refused, the national series and code labels
    /// they bring; published into the observations (which now name the batch they came from) or
    /// discarded. The labels of codes, the revision trail of published values an import changed
    /// (`value_history` belongs to cycles), and the conflicts of imports with values another
    /// source published.
    static let importBatches = Migration(id: 8, name: "import-batches") { d in
        [
            """
            CREATE TABLE import_batches (
                id \(d.autoIncrementPrimaryKey),
                source TEXT NOT NULL CHECK (source IN ('open-sdg', 'sdmx')),
                name TEXT NOT NULL,
                file_name TEXT NOT NULL,
                dataset TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_by_id BIGINT REFERENCES users(id),
                created_at TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('staged', 'published', 'discarded')),
                decided_by TEXT,
                decided_by_id BIGINT REFERENCES users(id),
                decided_at TEXT,
                published_at_once INTEGER NOT NULL DEFAULT 0,
                value_count INTEGER NOT NULL,
                refusal_count INTEGER NOT NULL,
                series_count INTEGER NOT NULL,
                code_label_count INTEGER NOT NULL,
                added_count INTEGER,
                changed_count INTEGER,
                unchanged_count INTEGER,
                conflict_count INTEGER)
            """,
            "CREATE INDEX import_batches_state ON import_batches(state, id)",
            """
            CREATE TABLE import_batch_values (
                batch_id BIGINT NOT NULL REFERENCES import_batches(id),
                indicator TEXT NOT NULL,
                series TEXT NOT NULL,
                area TEXT NOT NULL,
                period TEXT NOT NULL,
                dimension_key TEXT NOT NULL,
                unit TEXT NOT NULL,
                value \(d.double) NOT NULL,
                status TEXT,
                source TEXT,
                file TEXT NOT NULL,
                line INTEGER,
                PRIMARY KEY (batch_id, series, indicator, area, period, dimension_key))
            """,
            """
            CREATE TABLE import_batch_refusals (
                id \(d.autoIncrementPrimaryKey),
                batch_id BIGINT NOT NULL REFERENCES import_batches(id),
                indicator TEXT,
                file TEXT NOT NULL,
                line INTEGER,
                location TEXT,
                found TEXT,
                message_key TEXT NOT NULL,
                message_arguments TEXT NOT NULL)
            """,
            "CREATE INDEX import_batch_refusals_batch ON import_batch_refusals(batch_id)",
            """
            CREATE TABLE import_batch_series (
                batch_id BIGINT NOT NULL REFERENCES import_batches(id),
                code TEXT NOT NULL,
                indicator TEXT NOT NULL REFERENCES indicators(code),
                name_en TEXT NOT NULL,
                name_lo TEXT,
                unit TEXT,
                PRIMARY KEY (batch_id, code, indicator))
            """,
            """
            CREATE TABLE import_batch_code_labels (
                batch_id BIGINT NOT NULL REFERENCES import_batches(id),
                codelist TEXT NOT NULL,
                code TEXT NOT NULL,
                language TEXT NOT NULL CHECK (language IN ('en', 'lo')),
                label TEXT NOT NULL,
                PRIMARY KEY (batch_id, codelist, code, language))
            """,
            """
            CREATE TABLE code_labels (
                codelist TEXT NOT NULL,
                code TEXT NOT NULL,
                language TEXT NOT NULL CHECK (language IN ('en', 'lo')),
                label TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('machine', 'unreviewed', 'reviewed', 'official')),
                batch_id BIGINT REFERENCES import_batches(id),
                updated_at TEXT NOT NULL,
                PRIMARY KEY (codelist, code, language))
            """,
            """
            CREATE TABLE observation_history (
                id \(d.autoIncrementPrimaryKey),
                indicator TEXT NOT NULL,
                series TEXT NOT NULL,
                area TEXT NOT NULL,
                period TEXT NOT NULL,
                dimension_key TEXT NOT NULL,
                old_value \(d.double),
                new_value \(d.double),
                old_dataset TEXT,
                dataset TEXT NOT NULL,
                batch_id BIGINT REFERENCES import_batches(id),
                actor TEXT NOT NULL,
                at TEXT NOT NULL,
                reason TEXT)
            """,
            "CREATE INDEX observation_history_cell ON observation_history(indicator, series, area, period, dimension_key)",
            """
            CREATE TABLE import_conflicts (
                id \(d.autoIncrementPrimaryKey),
                batch_id BIGINT NOT NULL REFERENCES import_batches(id),
                indicator TEXT NOT NULL,
                series TEXT NOT NULL,
                area TEXT NOT NULL,
                period TEXT NOT NULL,
                dimension_key TEXT NOT NULL,
                staged_value \(d.double) NOT NULL,
                published_value \(d.double) NOT NULL,
                published_dataset TEXT NOT NULL,
                published_source TEXT,
                status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
                resolution TEXT,
                created_at TEXT NOT NULL)
            """,
            "CREATE INDEX import_conflicts_batch ON import_conflicts(batch_id)",
            "CREATE INDEX import_conflicts_status ON import_conflicts(status, id)",
            "ALTER TABLE observations ADD COLUMN batch_id BIGINT REFERENCES import_batches(id)",
            "CREATE INDEX observations_batch ON observations(batch_id)",
        ]
    }
}
