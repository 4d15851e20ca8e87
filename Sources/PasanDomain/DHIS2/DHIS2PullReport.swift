/// What one pull from DHIS2 did, as the pull page shows it and as it is stored with the pull:
/// how many values came and what became of them, every value left aside with its reason, the
/// DHIS2 data and organisation units no mapping covers, each indicator's outcome in its
/// submission, and what changed since the previous pull. Reasons are catalogue messages, so the
/// page shows them in the reader's language.
public struct DHIS2PullReport: Sendable, Codable {
    /// A catalogue message, stored as its key and arguments.
    public struct StoredText: Sendable, Codable, Hashable {
        public var key: String
        var arguments: MessageCoding.Arguments

        public init(_ message: Message) {
            key = message.key
            arguments = MessageCoding.Arguments(message)
        }

        public var message: Message { arguments.message(key: key) }
    }

    public struct Ignored: Sendable, Codable, Hashable {
        public var dataElement: String
        public var categoryOptionCombo: String?
        public var period: String
        public var orgUnit: String
        public var value: String?
        public var reason: StoredText

        public init(_ value: DHIS2DataValue, reason: Message) {
            dataElement = value.dataElement
            categoryOptionCombo = value.categoryOptionCombo
            period = value.period
            orgUnit = value.orgUnit
            self.value = value.value
            self.reason = StoredText(reason)
        }
    }

    public struct Unmapped: Sendable, Codable, Hashable {
        public var id: String
        public var detail: String?
        public var count: Int

        public init(id: String, detail: String?, count: Int) {
            self.id = id
            self.detail = detail
            self.count = count
        }
    }

    /// A validation problem of the rows written into a submission (the validator's own words).
    public struct Problem: Sendable, Codable, Hashable {
        public var row: Int
        public var column: String
        public var value: String
        public var expected: StoredText

        public init(_ issue: TidyIssue) {
            row = issue.line
            column = issue.column
            value = issue.value
            expected = StoredText(issue.expected)
        }
    }

    /// One indicator's outcome: written into the owner's submission, or refused with why.
    public struct Outcome: Sendable, Codable, Hashable {
        public var indicator: String
        public var cycleID: Int64?
        public var cells: Int
        /// The submission's version after the pull wrote it; `nil` when nothing was written.
        public var version: Int?
        public var refusal: StoredText?
        public var errors: [Problem]
        public var warnings: [Problem]

        public init(
            indicator: String,
            cycleID: Int64?,
            cells: Int,
            version: Int?,
            refusal: Message?,
            errors: [Problem] = [],
            warnings: [Problem] = []
        ) {
            self.indicator = indicator
            self.cycleID = cycleID
            self.cells = cells
            self.version = version
            self.refusal = refusal.map(StoredText.init)
            self.errors = errors
            self.warnings = warnings
        }
    }

    public struct Change: Sendable, Codable, Hashable {
        public var cell: String
        public var before: Double?
        public var after: Double?

        public init(cell: String, before: Double?, after: Double?) {
            self.cell = cell
            self.before = before
            self.after = after
        }
    }

    /// Why the pull failed as a whole (DHIS2 unreachable, refused the credential, answered a web
    /// page…), in the reader's language; `nil` when it ran.
    public var failure: StoredText?
    /// DHIS2's own words, when it gave any (its WebMessage), shown as they came.
    public var dhis2Message: String?
    public var provenance: String
    public var fetched: Int = 0
    public var mapped: Int = 0
    /// Cells written that the submission did not hold before, and cells whose value changed.
    public var imported: Int = 0
    public var updated: Int = 0
    /// Cells sent again with the value the submission already held.
    public var unchangedInSubmission: Int = 0
    public var ignored: [Ignored] = []
    /// The total of values left aside (the list keeps the first `listLimit`).
    public var ignoredCount: Int = 0
    public var unmappedElements: [Unmapped] = []
    public var unmappedOrgUnits: [Unmapped] = []
    public var outcomes: [Outcome] = []
    public var added: [Change] = []
    public var changed: [Change] = []
    public var removed: [Change] = []
    public var unchanged: Int = 0
    /// The first pull of an instance has nothing to compare with.
    public var firstPull: Bool = false

    /// How many items of each list a stored report keeps.
    public static let listLimit = 500

    public init(provenance: String) {
        self.provenance = provenance
    }
}
