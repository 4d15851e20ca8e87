extension Migration {
    /// How many periods each submission holds a value for, kept on the submission (issue 16): the
    /// cycle dashboard counted them over every submitted value of the cycle on each view (56 ms of
    /// SQLite's time once one 106,612-row village upload was in, and growing with the data).
    /// `SubmissionRepository.replaceValues` refreshes it whenever a submission's values are
    /// written; the rows already there are counted here.
    static let periodsDelivered = Migration(id: 18, name: "periods delivered per submission") { _ in
        [
            "ALTER TABLE submissions ADD COLUMN periods_delivered INTEGER NOT NULL DEFAULT 0",
            """
            UPDATE submissions SET periods_delivered = (
                SELECT COUNT(DISTINCT v.period) FROM submission_values v
                WHERE v.submission_id = submissions.id AND v.value IS NOT NULL)
            """,
        ]
    }
}
