import Foundation
import PasanDomain

/// The HLPF sessions shipped in `Resources/vnr/hlpf-sessions.csv` (their themes and the goals
/// they review in depth), read and checked once: the goals proposed for a Voluntary National
/// Review of the year.
public enum ShippedHLPFSessions {
    public static var file: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)!.appendingPathComponent("vnr/hlpf-sessions.csv")
    }

    /// The shipped sessions by year. A broken shipped file stops the program with its problem
    /// (the tests read it first).
    public static let shipped: [Int: HLPFSession] = {
        do { return try load() } catch { fatalError("The shipped HLPF sessions are broken: \(error)") }
    }()

    /// The sessions of `url`, by year; a row that does not read is refused with its line and column.
    public static func load(from url: URL = file) throws -> [Int: HLPFSession] {
        let name = "vnr/hlpf-sessions.csv"
        let table = try CSVTable(contentsOf: url, file: name)
        try table.requireColumns(["year", "goals", "theme", "source"])
        var sessions: [Int: HLPFSession] = [:]
        let problems = table.rows { row in
            let year = row.integer("year", in: VoluntaryNationalReview.years)
            let goalsText = row.required("goals")
            let goals = goalsText.split(separator: " ").compactMap { Int($0) }.filter { (1...18).contains($0) }
            if goals.count != goalsText.split(separator: " ").count {
                row.fail("goals", "has \"\(goalsText)\"; expected goal numbers separated by spaces")
            }
            let theme = row.required("theme"), source = row.required("source")
            guard let year, row.issues.isEmpty else { return }
            if sessions[year] != nil { row.fail("year", "repeats \(year)") }
            sessions[year] = HLPFSession(year: year, theme: theme, goals: goals, source: source)
        }
        if let problem = problems.first { throw problem }
        return sessions
    }
}
