import Foundation
import PasanDomain

/// Runs a progress method over the rows of a CSV file and returns the rows with the computed
/// columns appended (what `pasan progress` prints, and what the fixture tests check).
public enum ProgressCSV {
    public enum Method: String, Sendable, CaseIterable {
        case openSDGStatCan = "opensdg-statcan"
        case sdsn
    }

    /// The header and rows of the output, or every problem found (file, line, column).
    public static func run(
        _ method: Method,
        table: CSVTable,
        bounds: CSVTable? = nil
    ) throws(DataFileIssues) -> (header: [String], rows: [[String]]) {
        var rows: [[String]] = []
        var problems: [DataFileIssue] = []
        switch method {
        case .openSDGStatCan:
            do {
                try table.requireColumns([
                    "base_year", "base_value", "current_year", "current_value", "target", "target_year", "direction", "limit",
                ])
            } catch {
                throw DataFileIssues([error])
            }
            problems = table.rows { row in
                // No data for the series: the status says so (never a crash, never NaN).
                if row.optional("base_value") == nil || row.optional("current_value") == nil {
                    rows.append(row.record.fields + ["", "", ProgressStatus.notAvailable.rawValue])
                    return
                }
                guard let t0 = row.year("base_year"), let x0 = row.number("base_value"), let t = row.year("current_year"),
                    let xt = row.number("current_value")
                else { return }
                let targetYear = row.optional("target_year") == nil ? 2030 : row.year("target_year")
                guard let targetYear else { return }
                var target: Double?
                if row.optional("target") != nil { target = row.number("target"); if target == nil { return } }
                guard let direction = row.number("direction") else { return }
                guard direction == 1 || direction == -1 else {
                    row.fail("direction", "has \(direction); expected 1 (increase desired) or -1 (decrease desired)"); return
                }
                var limit: Double?
                if row.optional("limit") != nil { limit = row.number("limit"); if limit == nil { return } }
                let result = OpenSDGProgress.measure(
                    baseYear: t0,
                    baseValue: x0,
                    currentYear: t,
                    currentValue: xt,
                    .init(baseYear: t0, targetYear: targetYear, target: target, direction: Int(direction), limit: limit)
                )
                rows.append(
                    row.record.fields + [
                        result.progressValue.map { "\($0)" } ?? "", result.score.map { "\($0)" } ?? "", result.status.rawValue,
                    ]
                )
            }
            guard problems.isEmpty else { throw DataFileIssues(problems) }
            return (table.header + ["progress_value", "score", "status"], rows)
        case .sdsn:
            guard let bounds else {
                throw DataFileIssues([
                    DataFileIssue(file: table.file, line: nil, column: nil, message: "the sdsn method needs a bounds file")
                ])
            }
            do {
                try bounds.requireColumns(["code", "best", "worst"])
                try table.requireColumns(["code", "raw"])
            } catch { throw DataFileIssues([error]) }
            var known: [String: SDSNScore.Bounds] = [:]
            problems += bounds.rows { row in
                guard let best = row.number("best"), let worst = row.number("worst") else { return }
                if best == worst { row.fail("worst", "equals best; expected a different value"); return }
                known[row.required("code")] = SDSNScore.Bounds(
                    best: best,
                    worst: worst,
                    green: nil,
                    red: nil,
                    inGlobalIndex: row.optional("in_global_index") == "yes"
                )
            }
            problems += table.rows { row in
                let code = row.required("code")
                guard let b = known[code] else { row.fail("code", "has \"\(code)\", which the bounds file does not list"); return }
                guard row.optional("raw") != nil else { rows.append(row.record.fields + [""]); return }
                guard let raw = row.number("raw") else { return }
                rows.append(row.record.fields + ["\(SDSNScore.normalise(raw, b))"])
            }
            guard problems.isEmpty else { throw DataFileIssues(problems) }
            return (table.header + ["score"], rows)
        }
    }
}

extension RowReader {
    /// A year written as 2015, 2015.0 or 2015-16 (the first four characters count).
    public mutating func year(_ column: String) -> Int? {
        guard let text = optional(column) else { fail(column, "is empty; expected a year"); return nil }
        if text.count >= 4, let y = Int(text.prefix(4)), (1900...2200).contains(y) { return y }
        fail(column, "has \"\(text)\"; expected a year such as 2015")
        return nil
    }
}
