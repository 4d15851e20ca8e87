/// A Voluntary National Review (issue 17, item 5): the review Lao PDR presents at the High-level
/// Political Forum of a year, on the goals chosen for it (the HLPF's goals of that year as a
/// start, editable). One per year; every change of the goals is a revision with who, when and why.
public struct VoluntaryNationalReview: Sendable, Hashable, Codable {
    public var year: Int
    /// The goals under review, ascending, each once.
    public var goals: [Int]
    /// 1 for the goals it was started with, one more for every change.
    public var revision: Int
    public var changedBy: String
    public var changedAt: String
    public var reason: String

    public init(year: Int, goals: [Int], revision: Int, changedBy: String, changedAt: String, reason: String) {
        self.year = year
        self.goals = Self.normalised(goals)
        self.revision = revision
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.reason = reason
    }

    /// The years a review can be for: the 2030 Agenda's, from the first HLPF with reviews.
    public static let years = 2016...2030

    /// `goals` ascending, each once.
    public static func normalised(_ goals: [Int]) -> [Int] { Array(Set(goals)).sorted() }

    /// What is wrong with a review for `year` of `goals`: a year outside the Agenda, no goal, a
    /// goal the framework does not have, or goals none of which has any published value (the
    /// annex would say "no data" for every indicator: nothing to review). `withData`: the
    /// goals with at least one published value.
    public static func problems(year: Int, goals: [Int], known: Set<Int>, withData: Set<Int>) -> [Message] {
        var problems: [Message] = []
        if !years.contains(year) {
            problems.append(
                Message(
                    "domain.vnr.yearOutside",
                    ["year": .text(String(year)), "first": .text(String(years.lowerBound)), "last": .text(String(years.upperBound))]
                )
            )
        }
        let goals = normalised(goals)
        if goals.isEmpty { problems.append(Message("domain.vnr.noGoal")) }
        let unknown = goals.filter { !known.contains($0) }
        if !unknown.isEmpty { problems.append(Message("domain.vnr.unknownGoals", ["goals": .text(list(unknown))])) }
        if !goals.isEmpty, unknown.isEmpty, goals.allSatisfy({ !withData.contains($0) }) {
            problems.append(Message("domain.vnr.noData", ["goals": .text(list(goals))]))
        }
        return problems
    }

    /// The goals a review starts on: those chosen, or, when none is, the goals the HLPF reviews
    /// that year (`session`), when Pasan knows them.
    public static func goals(chosen: [Int], session: HLPFSession?) -> [Int] {
        chosen.isEmpty ? session?.goals ?? [] : chosen
    }

    static func list(_ goals: [Int]) -> String { goals.map(String.init).joined(separator: ", ") }
}

/// A session of the High-level Political Forum: its theme and the goals it reviews in depth
/// (shipped data, `vnr/hlpf-sessions.json`, each with the resolution or page it is from).
public struct HLPFSession: Sendable, Hashable, Codable {
    public var year: Int
    /// The theme as the UN publishes it (English).
    public var theme: String
    public var goals: [Int]
    public var source: String

    public init(year: Int, theme: String, goals: [Int], source: String) {
        self.year = year
        self.theme = theme
        self.goals = goals
        self.source = source
    }
}
