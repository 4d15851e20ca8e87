extension Migration {
    /// Reporting cycles, data requests, submissions with revisions and their values, the cell
    /// ownership that makes one point of reporting, transitions, review comments, value history,
    /// conflicts with published values, and the reminders already sent.
    static let reportingCycles = Migration(id: 3, name: "reporting cycles") { d in
        [
            """
            CREATE TABLE cycles (
                id \(d.autoIncrementPrimaryKey),
                name_en TEXT NOT NULL, name_lo TEXT, lo_status TEXT NOT NULL,
                purpose TEXT NOT NULL,
                reference_years TEXT NOT NULL,
                request_date TEXT NOT NULL,
                owner_deadline TEXT NOT NULL,
                reporter_deadline TEXT NOT NULL,
                statistics_deadline TEXT NOT NULL,
                approval_deadline TEXT NOT NULL,
                publication_date TEXT NOT NULL,
                minimum_notice_days INTEGER NOT NULL,
                reminder_days TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
                created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE cycle_indicators (
                cycle_id BIGINT NOT NULL REFERENCES cycles(id),
                indicator TEXT NOT NULL REFERENCES indicators(code),
                PRIMARY KEY (cycle_id, indicator))
            """,
            """
            CREATE TABLE cycle_extensions (
                id \(d.autoIncrementPrimaryKey),
                cycle_id BIGINT NOT NULL REFERENCES cycles(id),
                institution TEXT REFERENCES institutions(code),
                owner_deadline TEXT NOT NULL,
                reason TEXT NOT NULL,
                granted_by BIGINT REFERENCES users(id),
                granted_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE data_requests (
                id \(d.autoIncrementPrimaryKey),
                cycle_id BIGINT NOT NULL REFERENCES cycles(id),
                institution TEXT NOT NULL REFERENCES institutions(code),
                created_at TEXT NOT NULL,
                UNIQUE (cycle_id, institution))
            """,
            """
            CREATE TABLE submissions (
                id \(d.autoIncrementPrimaryKey),
                cycle_id BIGINT NOT NULL REFERENCES cycles(id),
                institution TEXT NOT NULL REFERENCES institutions(code),
                indicator TEXT NOT NULL REFERENCES indicators(code),
                revision INTEGER NOT NULL,
                state TEXT NOT NULL,
                version INTEGER NOT NULL,
                reason TEXT,
                warnings_comment TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (cycle_id, institution, indicator, revision))
            """,
            """
            CREATE TABLE submission_values (
                submission_id BIGINT NOT NULL REFERENCES submissions(id),
                series TEXT NOT NULL,
                area TEXT NOT NULL REFERENCES areas(code),
                period TEXT NOT NULL,
                dimension_key TEXT NOT NULL,
                unit TEXT NOT NULL,
                value \(d.double),
                status TEXT,
                comment TEXT,
                source TEXT,
                PRIMARY KEY (submission_id, series, area, period, dimension_key))
            """,
            """
            CREATE TABLE cycle_cells (
                cycle_id BIGINT NOT NULL REFERENCES cycles(id),
                indicator TEXT NOT NULL,
                series TEXT NOT NULL,
                area TEXT NOT NULL,
                period TEXT NOT NULL,
                dimension_key TEXT NOT NULL,
                institution TEXT NOT NULL REFERENCES institutions(code),
                PRIMARY KEY (cycle_id, indicator, series, area, period, dimension_key))
            """,
            """
            CREATE TABLE submission_transitions (
                id \(d.autoIncrementPrimaryKey),
                submission_id BIGINT NOT NULL REFERENCES submissions(id),
                from_state TEXT NOT NULL,
                to_state TEXT NOT NULL,
                actor_id BIGINT REFERENCES users(id),
                actor TEXT NOT NULL,
                at TEXT NOT NULL,
                comment TEXT)
            """,
            "CREATE INDEX submission_transitions_submission ON submission_transitions(submission_id)",
            """
            CREATE TABLE review_comments (
                id \(d.autoIncrementPrimaryKey),
                submission_id BIGINT NOT NULL REFERENCES submissions(id),
                cell TEXT,
                body TEXT NOT NULL,
                actor TEXT NOT NULL,
                at TEXT NOT NULL)
            """,
            """
            CREATE TABLE value_history (
                id \(d.autoIncrementPrimaryKey),
                cycle_id BIGINT NOT NULL REFERENCES cycles(id),
                indicator TEXT NOT NULL,
                series TEXT NOT NULL,
                area TEXT NOT NULL,
                period TEXT NOT NULL,
                dimension_key TEXT NOT NULL,
                revision INTEGER NOT NULL,
                old_value \(d.double),
                new_value \(d.double),
                actor TEXT NOT NULL,
                at TEXT NOT NULL,
                reason TEXT)
            """,
            "CREATE INDEX value_history_cell ON value_history(indicator, series, area, period, dimension_key)",
            """
            CREATE TABLE value_conflicts (
                id \(d.autoIncrementPrimaryKey),
                cycle_id BIGINT NOT NULL REFERENCES cycles(id),
                submission_id BIGINT NOT NULL REFERENCES submissions(id),
                indicator TEXT NOT NULL,
                series TEXT NOT NULL,
                area TEXT NOT NULL,
                period TEXT NOT NULL,
                dimension_key TEXT NOT NULL,
                submitted_value \(d.double) NOT NULL,
                published_value \(d.double) NOT NULL,
                published_source TEXT,
                status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
                resolution TEXT,
                created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE reminders_sent (
                cycle_id BIGINT NOT NULL REFERENCES cycles(id),
                institution TEXT NOT NULL,
                kind TEXT NOT NULL,
                sent_at TEXT NOT NULL,
                PRIMARY KEY (cycle_id, institution, kind))
            """,
        ]
    }
}
