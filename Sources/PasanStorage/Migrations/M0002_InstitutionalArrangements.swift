extension Migration {
    /// Accounts, sessions and sign-in throttling; roles; assignments; focal points, handovers,
    /// tasks and notes; the append-only audit log; the e-mail outbox.
    static let institutionalArrangements = Migration(id: 2, name: "institutional arrangements") { d in
        var statements = [
            """
            CREATE TABLE users (
                id \(d.autoIncrementPrimaryKey),
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                language TEXT NOT NULL DEFAULT 'lo',
                is_active INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                password_changed_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE role_grants (
                id \(d.autoIncrementPrimaryKey),
                user_id BIGINT NOT NULL REFERENCES users(id),
                role TEXT NOT NULL,
                institution TEXT REFERENCES institutions(code),
                area TEXT REFERENCES areas(code),
                granted_at TEXT NOT NULL,
                granted_by BIGINT REFERENCES users(id))
            """,
            "CREATE INDEX role_grants_user ON role_grants(user_id)",
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id),
                csrf_token TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL)
            """,
            "CREATE INDEX sessions_user ON sessions(user_id)",
            """
            CREATE TABLE sign_in_attempts (
                id \(d.autoIncrementPrimaryKey),
                account TEXT NOT NULL,
                address TEXT NOT NULL,
                attempted_at TEXT NOT NULL,
                succeeded INTEGER NOT NULL)
            """,
            "CREATE INDEX sign_in_attempts_account ON sign_in_attempts(account, attempted_at)",
            "CREATE INDEX sign_in_attempts_address ON sign_in_attempts(address, attempted_at)",
            """
            CREATE TABLE password_resets (
                token_hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id),
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at TEXT)
            """,
            """
            CREATE TABLE assignments (
                id \(d.autoIncrementPrimaryKey),
                indicator TEXT NOT NULL REFERENCES indicators(code),
                series TEXT,
                disaggregation TEXT,
                geographic_level TEXT,
                reporter TEXT REFERENCES institutions(code),
                legal_instrument TEXT,
                legal_number TEXT,
                legal_date TEXT,
                source_kind TEXT,
                source_name TEXT,
                frequency TEXT,
                collection_due TEXT,
                release_calendar TEXT,
                valid_from TEXT,
                valid_to TEXT,
                note TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX assignments_indicator ON assignments(indicator)",
            """
            CREATE TABLE assignment_institutions (
                assignment_id BIGINT NOT NULL REFERENCES assignments(id),
                institution TEXT NOT NULL REFERENCES institutions(code),
                part TEXT NOT NULL CHECK (part IN ('owner', 'contributor')),
                PRIMARY KEY (assignment_id, institution, part))
            """,
            "CREATE INDEX assignment_institutions_institution ON assignment_institutions(institution)",
            """
            CREATE TABLE focal_point_terms (
                id \(d.autoIncrementPrimaryKey),
                institution TEXT NOT NULL REFERENCES institutions(code),
                role TEXT NOT NULL CHECK (role IN ('owner', 'reporter')),
                position TEXT NOT NULL CHECK (position IN ('primary', 'alternate')),
                user_id BIGINT NOT NULL REFERENCES users(id),
                started_on TEXT NOT NULL,
                ended_on TEXT)
            """,
            "CREATE INDEX focal_point_terms_institution ON focal_point_terms(institution)",
            """
            CREATE TABLE handovers (
                id \(d.autoIncrementPrimaryKey),
                institution TEXT NOT NULL REFERENCES institutions(code),
                role TEXT NOT NULL,
                position TEXT NOT NULL,
                from_user BIGINT REFERENCES users(id),
                to_user BIGINT NOT NULL REFERENCES users(id),
                handed_over_on TEXT NOT NULL,
                reason TEXT NOT NULL,
                recorded_by BIGINT REFERENCES users(id),
                recorded_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE tasks (
                id \(d.autoIncrementPrimaryKey),
                institution TEXT NOT NULL REFERENCES institutions(code),
                role TEXT NOT NULL,
                assignee BIGINT REFERENCES users(id),
                title_en TEXT NOT NULL,
                title_lo TEXT,
                lo_status TEXT NOT NULL,
                due_on TEXT,
                status TEXT NOT NULL CHECK (status IN ('open', 'done')),
                link TEXT,
                created_at TEXT NOT NULL)
            """,
            "CREATE INDEX tasks_assignee ON tasks(assignee, status)",
            """
            CREATE TABLE role_notes (
                id \(d.autoIncrementPrimaryKey),
                institution TEXT NOT NULL REFERENCES institutions(code),
                role TEXT NOT NULL,
                author BIGINT REFERENCES users(id),
                written_at TEXT NOT NULL,
                body TEXT NOT NULL)
            """,
            """
            CREATE TABLE audit_log (
                id \(d.autoIncrementPrimaryKey),
                at TEXT NOT NULL,
                actor_id BIGINT,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                before TEXT,
                after TEXT,
                address TEXT)
            """,
            "CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)",
            """
            CREATE TABLE outbox (
                id \(d.autoIncrementPrimaryKey),
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                body_text TEXT NOT NULL,
                body_html TEXT,
                message_id TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                locked_until TEXT,
                sent_at TEXT,
                last_error TEXT)
            """,
            "CREATE INDEX outbox_due ON outbox(sent_at, next_attempt_at)",
            "ALTER TABLE plan_indicators ADD COLUMN owner TEXT REFERENCES institutions(code)",
        ]
        // The audit log is append-only, enforced by the database itself.
        switch d.kind {
        case .sqlite:
            statements += [
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
                "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
            ]
        case .postgres:
            statements += [
                """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
                """,
                "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
            ]
        }
        return statements
    }
}
