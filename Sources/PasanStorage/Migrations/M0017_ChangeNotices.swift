extension Migration {
    /// What one Pasan process tells the others that share its SQLite file (issue 15,
    /// `docs/operations/deployment.md`): each change to published data or to what the pages show
    /// is a row here, which the other processes poll for; rows older than an hour are deleted.
    /// On PostgreSQL the same notices travel by `NOTIFY`, and this table stays empty.
    static let changeNotices = Migration(id: 17, name: "change notices") { d in
        [
            """
            CREATE TABLE change_notices (
                id \(d.autoIncrementPrimaryKey),
                node TEXT NOT NULL,
                change TEXT NOT NULL,
                announced_at TEXT NOT NULL)
            """
        ]
    }
}
