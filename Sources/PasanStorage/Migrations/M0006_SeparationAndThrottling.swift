extension Migration {
    /// Focal point successors proposed by an institution and confirmed by the Secretariat, and the
    /// password-reset requests (per account and per address, for their limits).
    static let separationAndThrottling = Migration(id: 6, name: "separation-and-throttling") { d in
        [
            """
            CREATE TABLE focal_point_proposals (
                id \(d.autoIncrementPrimaryKey),
                institution TEXT NOT NULL REFERENCES institutions(code),
                role TEXT NOT NULL,
                position TEXT NOT NULL,
                proposed_user BIGINT NOT NULL REFERENCES users(id),
                proposed_by BIGINT NOT NULL REFERENCES users(id),
                effective_on TEXT NOT NULL,
                reason TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined')),
                proposed_at TEXT NOT NULL,
                decided_by BIGINT REFERENCES users(id),
                decided_at TEXT)
            """,
            "CREATE INDEX focal_point_proposals_institution ON focal_point_proposals(institution, status)",
            """
            CREATE TABLE password_reset_requests (
                id \(d.autoIncrementPrimaryKey),
                account TEXT NOT NULL,
                address TEXT NOT NULL,
                requested_at TEXT NOT NULL)
            """,
            "CREATE INDEX password_reset_requests_account ON password_reset_requests(account, requested_at)",
            "CREATE INDEX password_reset_requests_address ON password_reset_requests(address, requested_at)",
            "CREATE INDEX sign_in_attempts_pair ON sign_in_attempts(account, address, attempted_at)",
        ]
    }
}
