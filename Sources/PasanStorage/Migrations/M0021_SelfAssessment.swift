extension Migration {
    /// The governance self-assessment (issue 17): rounds of a questionnaire (its id and version,
    /// the questionnaire itself is shipped data), one response per respondent and round (an
    /// institution, or `arrangement` for the Secretariat's assessment of the whole arrangement),
    /// and the answer to each item: a rating or not applicable, evidence links, a plan.
    static let selfAssessment = Migration(id: 21, name: "self-assessment") { d in
        [
            """
            CREATE TABLE self_assessment_rounds (
                id \(d.autoIncrementPrimaryKey),
                questionnaire TEXT NOT NULL,
                version INTEGER NOT NULL,
                title TEXT NOT NULL,
                opened_on TEXT NOT NULL,
                opened_by TEXT NOT NULL,
                UNIQUE (questionnaire, title))
            """,
            """
            CREATE TABLE self_assessment_responses (
                id \(d.autoIncrementPrimaryKey),
                round_id BIGINT NOT NULL REFERENCES self_assessment_rounds(id),
                respondent TEXT NOT NULL,
                submitted_by TEXT NOT NULL,
                submitted_at TEXT NOT NULL,
                UNIQUE (round_id, respondent))
            """,
            """
            CREATE TABLE self_assessment_answers (
                response_id BIGINT NOT NULL REFERENCES self_assessment_responses(id),
                item TEXT NOT NULL,
                rating INTEGER,
                evidence TEXT NOT NULL,
                plan TEXT NOT NULL,
                PRIMARY KEY (response_id, item))
            """,
        ]
    }
}
