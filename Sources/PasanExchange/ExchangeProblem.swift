import PasanDomain

/// One problem found in a file being read: where (file, line, and the series key or column),
/// what was found, and what was expected — as a catalogue message, so it reads in the user's
/// language. Readers collect every problem before returning; a caller writes nothing while any
/// problem is left.
public struct ExchangeProblem: Sendable, Hashable, Error {
    /// The file as the user knows it (a path inside the repository or the uploaded name).
    public var file: String
    /// 1-based line, when the format has lines.
    public var line: Int?
    /// Where inside the line: a series key (`SERIES=SI_POV_NAHC, SEX=F`), a column or a field.
    public var location: String?
    /// What was found, shortened (`TidyIssue.echo`).
    public var found: String?
    /// What was expected.
    public var expected: Message

    public init(file: String, line: Int? = nil, location: String? = nil, found: String? = nil, expected: Message) {
        self.file = file
        self.line = line
        self.location = location.map(TidyIssue.echo)
        self.found = found.map(TidyIssue.echo)
        self.expected = expected
    }
}

/// Thrown when a file cannot be used at all: every problem found, in reading order.
public struct ExchangeProblems: Error, Sendable {
    public var problems: [ExchangeProblem]
    public init(_ problems: [ExchangeProblem]) { self.problems = problems }
}
