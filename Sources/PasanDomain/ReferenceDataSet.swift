/// Everything Pasan seeds on first start: the framework, places, institutions and plans.
public struct ReferenceDataSet: Sendable {
    public var goals: [Goal] = []
    public var targets: [Target] = []
    public var indicators: [Indicator] = []
    public var series: [Series] = []
    public var areas: [Area] = []
    public var areaAliases: [AreaCodeAlias] = []
    public var boundaries: [AreaBoundary] = []
    public var institutions: [Institution] = []
    public var successions: [InstitutionSuccession] = []
    public var plans: [DevelopmentPlan] = []
    public var planResults: [PlanResult] = []
    public var planIndicators: [PlanIndicator] = []
    public var planLinks: [PlanIndicatorLink] = []
    /// Each shipped plan whole (`plans/*.csv`); `plans`, `planResults`, `planIndicators` and
    /// `planLinks` hold the same parts flattened.
    public var planDocuments: [PlanDocument] = []
    /// Where each part came from and under which licence, shown on the portal's sources page.
    public var attributions: [Attribution] = []

    public init() {}
}

/// Credit for a shipped data file.
public struct Attribution: Sendable, Hashable, Codable {
    public var file: String
    public var source: String
    public var licence: String

    public init(file: String, source: String, licence: String) {
        self.file = file
        self.source = source
        self.licence = licence
    }
}

/// A problem found in a reference or import file: where, and what was expected.
public struct DataFileIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line number in the file (the header is line 1), when the problem has a row.
    public var line: Int?
    public var column: String?
    public var message: String

    public init(file: String, line: Int?, column: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ", line \(line)" }
        if let column { location += ", column \(column)" }
        return "\(location): \(message)"
    }
}

/// All problems found in one pass, so that a user can fix a file in one go.
public struct DataFileIssues: Error, Sendable, CustomStringConvertible {
    public var issues: [DataFileIssue]

    public init(_ issues: [DataFileIssue]) { self.issues = issues }

    public var description: String {
        let shown = issues.prefix(20).map { "  - \($0)" }.joined(separator: "\n")
        let more = issues.count > 20 ? "\n  … and \(issues.count - 20) more" : ""
        return "\(issues.count) problem\(issues.count == 1 ? "" : "s"):\n\(shown)\(more)"
    }
}
