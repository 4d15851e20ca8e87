import Foundation
import PasanDomain

/// The small demo dataset that `--demo` adds: SDG 18 values published by LSB (2015–2020, data
/// from MOLSW) and a few illustrative national-plan indicators linked to SDG indicators.
public struct DemoDataSet: Sendable {
    public var observations: [Observation] = []
    public var planIndicators: [PlanIndicator] = []
    public var planLinks: [PlanIndicatorLink] = []
    /// The demo plan files (`demo/plans/*.csv`) as read: a file with a shipped plan's code adds to
    /// that plan (an import is an upsert, `PlanDocument.merging`); the others are demo-only plans.
    public var planDocuments: [PlanDocument] = []
    public var progress: [ProgressConfiguration] = []
}

public struct DemoDataLoader: Sendable {
    public let directory: URL

    public static var bundled: DemoDataLoader {
        DemoDataLoader(directory: Bundle.module.url(forResource: "Resources", withExtension: nil)!)
    }

    public init(directory: URL) {
        self.directory = directory
    }

    /// Loads the demo files, checking series against `series` (series code → indicator). With
    /// `reference`, each demo plan is also checked whole by `PlanCheck`, merged over the shipped
    /// plan of the same code.
    public func load(seriesIndicators: [String: String], reference: ReferenceDataSet? = nil) throws(DataFileIssues) -> DemoDataSet {
        var demo = DemoDataSet()
        var issues: [DataFileIssue] = []
        for path in ["demo/sdg18_observations_lsb.csv", "demo/sdg18_provincial_illustrative.csv"] {
            do {
                let t = try CSVTable(contentsOf: directory.appendingPathComponent(path), file: path)
                try t.requireColumns([
                    "series_code", "ref_area", "sex", "age", "unit_measure", "time_period", "value", "obs_status", "source_detail",
                ])
                let dimensionColumns = [
                    "sex": "SEX", "age": "AGE", "disability_status": "DISABILITY_STATUS",
                    "income_wealth_quantile": "INCOME_WEALTH_QUANTILE",
                ]
                issues += t.rows { row in
                    let series = row.required("series_code")
                    guard let indicator = seriesIndicators[series] else {
                        row.fail("series_code", "has \"\(series)\", which is not a known series"); return
                    }
                    guard let value = row.number("value") else { return }
                    var dims: [String: String] = [:]
                    for (column, dimension) in dimensionColumns { if let code = row.optional(column) { dims[dimension] = code } }
                    let area = row.required("ref_area")
                    demo.observations.append(
                        Observation(
                            series: series,
                            indicator: indicator,
                            area: area == "LA" || area == "418" ? Area.countryCode : area,
                            period: row.required("time_period"),
                            dimensions: dims,
                            unit: row.required("unit_measure"),
                            value: value,
                            status: row.optional("obs_status"),
                            source: row.optional("source_detail")
                        )
                    )
                }
            } catch { issues.append(error) }
        }
        do {
            let read = try ReferenceDataLoader.readPlanFiles(in: directory, folder: "demo/plans")
            issues += read.issues
            demo.planDocuments = read.documents.map(\.document)
            // The flattened fields keep the indicators of files that only add to a shipped plan (no
            // outcome or output rows): the tables they are seeded into hang on shipped results.
            for document in demo.planDocuments where document.results.isEmpty {
                demo.planIndicators += document.indicators
                demo.planLinks += document.links
            }
            if let reference { issues += Self.planProblems(read.documents, reference: reference) }
        } catch { issues.append(error) }
        do {
            let path = "demo/progress_config.csv"
            let t = try CSVTable(contentsOf: directory.appendingPathComponent(path), file: path)
            try t.requireColumns([
                "indicator", "series", "dimensions", "area", "base_year", "target_year", "target", "direction", "limit", "note",
            ])
            issues += t.rows { row in
                guard let base = row.integer("base_year", in: 1990...2100), let targetYear = row.integer("target_year", in: 1990...2100),
                    let direction = row.integer("direction", in: -1...1), direction != 0
                else { return }
                var target: Double?
                if row.optional("target") != nil { target = row.number("target") }
                var limit: Double?
                if row.optional("limit") != nil { limit = row.number("limit") }
                demo.progress.append(
                    ProgressConfiguration(
                        indicator: row.required("indicator"),
                        series: row.required("series"),
                        dimensions: row.optional("dimensions") ?? "",
                        area: row.optional("area") ?? Area.countryCode,
                        baseYear: base,
                        targetYear: targetYear,
                        target: target,
                        direction: direction,
                        limit: limit,
                        note: row.optional("note")
                    )
                )
            }
        } catch { issues.append(error) }
        guard issues.isEmpty else { throw DataFileIssues(issues) }
        return demo
    }

    /// The problems of the demo plans merged over the shipped ones, as `PlanCheck` finds them.
    static func planProblems(
        _ documents: [(path: String, document: PlanDocument, lines: [String: Int])],
        reference: ReferenceDataSet
    ) -> [DataFileIssue] {
        var merged: [String: PlanDocument] = [:]
        for document in reference.planDocuments { merged[document.plan.code] = document }
        for (_, document, _) in documents {
            merged[document.plan.code] = merged[document.plan.code].map { $0.merging(document) } ?? document
        }
        var issues: [DataFileIssue] = []
        for (path, document, lines) in documents {
            guard let whole = merged[document.plan.code] else { continue }
            let others = merged.values.filter { $0.plan.code != document.plan.code }
            let context = PlanCheck.Context(
                indicators: reference.indicators,
                series: reference.series,
                institutions: reference.institutions,
                plans: Array(others)
            )
            issues += PlanCheck.problems(whole, lines: lines, context: context).map { PlanFile.issue($0, file: path) }
        }
        return issues
    }
}
