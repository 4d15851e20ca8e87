extension Migration {
    /// The register of legal instruments (issue 17): laws, decrees, orders and instructions that
    /// found assignments. An instrument is its number (`number_key`: spaces removed, capitals,
    /// the key assignments cite it by); what is known of it is kept whole as revisions with who,
    /// when and why (the latest is in force, corrections never overwrite).
    static let legalInstruments = Migration(id: 20, name: "legal instruments") { d in
        [
            """
            CREATE TABLE legal_instruments (
                id \(d.autoIncrementPrimaryKey),
                number_key TEXT NOT NULL UNIQUE)
            """,
            """
            CREATE TABLE legal_instrument_revisions (
                instrument_id BIGINT NOT NULL REFERENCES legal_instruments(id),
                revision INTEGER NOT NULL,
                kind TEXT NOT NULL,
                number TEXT NOT NULL,
                issued_on TEXT NOT NULL,
                issuer TEXT NOT NULL,
                title_en TEXT NOT NULL,
                title_lo TEXT NOT NULL,
                scope TEXT NOT NULL,
                valid_from TEXT,
                valid_to TEXT,
                changed_by TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                reason TEXT,
                PRIMARY KEY (instrument_id, revision))
            """,
        ]
    }
}
