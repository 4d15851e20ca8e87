extension Migration {
    /// Capacity (issue 17): trainings, trainings of trainers and peer exchanges, and who took part
    /// (by account, with the institution they took part for), so each person's record follows
    /// them through handovers. Trainers, institutions and materials are newline-separated lists.
    static let capacityEvents = Migration(id: 23, name: "capacity events") { d in
        [
            """
            CREATE TABLE capacity_events (
                id \(d.autoIncrementPrimaryKey),
                kind TEXT NOT NULL,
                title_en TEXT NOT NULL,
                title_lo TEXT,
                topic TEXT NOT NULL,
                starts_on TEXT NOT NULL,
                ends_on TEXT,
                place TEXT NOT NULL,
                organiser TEXT NOT NULL,
                trainers TEXT NOT NULL,
                institutions TEXT NOT NULL,
                materials TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                recorded_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE capacity_participants (
                event_id BIGINT NOT NULL REFERENCES capacity_events(id),
                user_id BIGINT NOT NULL REFERENCES users(id),
                institution TEXT NOT NULL,
                PRIMARY KEY (event_id, user_id))
            """,
            "CREATE INDEX capacity_participants_user ON capacity_participants(user_id)",
        ]
    }
}
