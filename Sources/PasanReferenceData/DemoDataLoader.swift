import Foundation
import PasanDomain

/// The small demo dataset that `--demo` adds: SDG 18 values published by LSB (2015–2020, data
/// from MOLSW) and a few illustrative national-plan indicators linked to SDG indicators.
public struct DemoDataSet: Sendable {
    public var observations: [Observation] = []
    public var planIndicators: [PlanIndicator] = []
    public var planLinks: [PlanIndicatorLink] = []
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

    /// Loads the demo files, checking series against `series` (series code → indicator).
    public func load(seriesIndicators: [String: String]) throws(DataFileIssues) -> DemoDataSet {
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
            let path = "demo/nsedp9_demo_indicators.csv"
            let t = try CSVTable(contentsOf: directory.appendingPathComponent(path), file: path)
            try t.requireColumns(["plan", "code", "result", "title_en", "title_lo", "sdg_indicators"])
            issues += t.rows { row in
                let plan = row.required("plan"), code = row.required("code")
                demo.planIndicators.append(
                    PlanIndicator(
                        plan: plan,
                        code: code,
                        resultCode: row.required("result"),
                        title: LocalizedText(en: row.required("title_en"), lo: row.optional("title_lo"), loStatus: .reviewed),
                        owner: row.optional("owner")
                    )
                )
                for link in row.required("sdg_indicators").split(separator: ";") {
                    let parts = link.split(separator: ":")
                    guard parts.count == 2, let relation = NationalRelation(rawValue: String(parts[1])) else {
                        row.fail("sdg_indicators", "has \"\(link)\"; expected CODE:relation (same, adapted, proxy, additional)")
                        continue
                    }
                    demo.planLinks.append(
                        PlanIndicatorLink(plan: plan, planIndicator: code, sdgIndicator: String(parts[0]), relation: relation)
                    )
                }
            }
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
}
