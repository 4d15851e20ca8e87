extension Migration {
    /// Voluntary National Reviews (issue 17): one per year, its goals under review kept whole as
    /// revisions with who, when and why (the latest is the review's; a change never overwrites).
    static let voluntaryNationalReviews = Migration(id: 22, name: "voluntary national reviews") { d in
        [
            """
            CREATE TABLE vnr_reviews (
                year INTEGER PRIMARY KEY,
                started_by TEXT NOT NULL,
                started_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE vnr_review_revisions (
                year INTEGER NOT NULL REFERENCES vnr_reviews(year),
                revision INTEGER NOT NULL,
                goals TEXT NOT NULL,
                changed_by TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (year, revision))
            """,
        ]
    }
}
