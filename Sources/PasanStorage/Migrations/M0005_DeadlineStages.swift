extension Migration {
    /// Deadlines for every step, not only the owners': the reminders already sent are keyed by
    /// stage too (owner, reporter, statistics; existing rows are the owners'), and a cycle's tasks
    /// say which cycle, step and owner's data they are for, so they close when the step is done.
    static let deadlineStages = Migration(id: 5, name: "deadline stages") { _ in
        [
            """
            CREATE TABLE reminders_sent_by_stage (
                cycle_id BIGINT NOT NULL REFERENCES cycles(id),
                stage TEXT NOT NULL CHECK (stage IN ('owner', 'reporter', 'statistics')),
                institution TEXT NOT NULL,
                kind TEXT NOT NULL,
                sent_at TEXT NOT NULL,
                PRIMARY KEY (cycle_id, stage, institution, kind))
            """,
            """
            INSERT INTO reminders_sent_by_stage (cycle_id, stage, institution, kind, sent_at)
            SELECT cycle_id, 'owner', institution, kind, sent_at FROM reminders_sent
            """,
            "DROP TABLE reminders_sent",
            "ALTER TABLE reminders_sent_by_stage RENAME TO reminders_sent",
            "ALTER TABLE tasks ADD COLUMN cycle_id BIGINT REFERENCES cycles(id)",
            "ALTER TABLE tasks ADD COLUMN stage TEXT",
            "ALTER TABLE tasks ADD COLUMN subject TEXT",
            "CREATE INDEX tasks_cycle ON tasks(cycle_id, status)",
        ]
    }
}
