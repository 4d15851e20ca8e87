import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanWeb

/// `pasan bench-vnr`: the statistical annex of a Voluntary National Review (issue 17), timed, for
/// scripts/bench. A synthetic framework of six goals (about 80 indicators, two series each) with
/// values since 2015 for the country, seven breakdowns and 18 provinces; the annex is built and
/// written as DOCX, beside the same tables written as one XLSX workbook (Pasan's other
/// hand-written Office format) in this run. No database: the annex's inputs are made here.
struct BenchVNR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-vnr",
        abstract: "Time a VNR statistical annex written as DOCX, beside the same tables as XLSX (for scripts/bench).",
        shouldDisplay: false
    )

    @Option(help: "Goals of the review.")
    var goals = 6

    @Option(help: "Indicators per goal.")
    var indicatorsPerGoal = 13

    @Option(help: "Runs (the best is reported).")
    var runs = 5

    func run() async throws {
        let (catalog, observations) = Self.fixture(goals: goals, indicatorsPerGoal: indicatorsPerGoal)
        let review = VoluntaryNationalReview(
            year: 2026,
            goals: Array(1...goals),
            revision: 1,
            changedBy: "bench",
            changedAt: "2026-01-01T00:00:00Z",
            reason: ""
        )
        let owners = Dictionary(uniqueKeysWithValues: catalog.indicators.map { ($0.code, ["MOH"]) })
        var docxBest = Double.infinity, xlsxBest = Double.infinity, bytes = 0, values = 0, tables = 0
        for _ in 0..<max(1, runs) {
            let clock = ContinuousClock.now
            let annex = StatisticalAnnex(
                review: review,
                catalog: catalog,
                observations: observations,
                progress: [],
                owners: owners,
                asOf: LocalDate(year: 2026, month: 12, day: 4)!
            )
            let document = AnnexDocument.document(annex, catalog: catalog, .lo)
            let data = try DOCXWriter.data(document)
            docxBest = min(docxBest, seconds(since: clock))
            bytes = data.count
            tables = annex.indicators.reduce(0) { $0 + $1.tables.count }
            values = annex.indicators.reduce(0) { sum, entry in
                sum + entry.tables.reduce(0) { $0 + $1.rows.reduce(0) { $0 + $1.values.compactMap { $0 }.count } }
            }
            // The reference: every table of the document as a sheet of one workbook.
            let sheets = document.blocks.enumerated().compactMap { index, block -> XLSXSheet? in
                guard case .table(let table) = block else { return nil }
                return XLSXSheet(name: "T\(index)", rows: ([table.header] + table.rows).map { $0.map { XLSXCell.text($0) } })
            }
            let reference = ContinuousClock.now
            _ = try XLSXWriter.data(XLSXWorkbook(sheets: sheets))
            xlsxBest = min(xlsxBest, seconds(since: reference))
        }
        print(
            "bench-vnr: \(goals) goals, \(catalog.indicators.count) indicators, \(tables) series tables, \(values) values; "
                + "annex built and written as docx \(format(docxBest)) s (file \(bytes / 1024) KiB), "
                + "same tables as xlsx \(format(xlsxBest)) s, docx/xlsx \(format(docxBest / max(xlsxBest, 0.000_001)))x (best of \(runs))"
        )
    }

    /// Goals 1…`goals`, each with `indicatorsPerGoal` indicators of two series; every series with
    /// values 2010–2025 (the years before 2015 left out by the annex) for the country, seven
    /// breakdowns (sex, three age groups, urban/rural) and 18 provinces.
    static func fixture(goals: Int, indicatorsPerGoal: Int) -> (FrameworkCatalog, [String: [Observation]]) {
        // Synthetic Lao: the letters of the Lao block, so the document carries Lao text to lay out.
        let lao = String(String.UnicodeScalarView((0x0E81...0x0EAE).compactMap(Unicode.Scalar.init)))
        func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: "\(lao) \(en)", loStatus: .machine) }
        let provinces = (1...18).map {
            Area(code: String(format: "%02d", $0), level: .province, parentCode: Area.countryCode, name: text("Province \($0)"))
        }
        let breakdowns: [[String: String]] = [
            ["SEX": "F"], ["SEX": "M"], ["AGE": "Y0T14"], ["AGE": "Y15T64"], ["AGE": "Y_GE65"], ["URBANISATION": "U"],
            ["URBANISATION": "R"],
        ]
        var indicators: [Indicator] = [], targets: [Target] = [], series: [Series] = []
        var observations: [String: [Observation]] = [:]
        for goal in 1...goals {
            targets.append(Target(code: "\(goal).1", goal: goal, title: nil, isNational: false))
            for n in 1...indicatorsPerGoal {
                let code = "\(goal).1.\(n)"
                indicators.append(Indicator(code: code, goal: goal, target: "\(goal).1", title: text("Indicator \(code)"), scope: .global))
                var values: [Observation] = []
                for s in ["A", "B"] {
                    let seriesCode = "S_\(goal)_\(n)_\(s)"
                    series.append(
                        Series(
                            code: seriesCode,
                            indicator: code,
                            name: text("Series \(seriesCode)"),
                            unit: "PT",
                            unitMultiplier: nil,
                            scope: .global
                        )
                    )
                    for year in 2010...2025 {
                        func value(_ area: String, _ dimensions: [String: String], _ v: Double) -> Observation {
                            Observation(
                                series: seriesCode,
                                indicator: code,
                                area: area,
                                period: String(year),
                                dimensions: dimensions,
                                unit: "PT",
                                value: v,
                                status: nil,
                                source: "Synthetic survey"
                            )
                        }
                        let base = Double((goal * 7 + n * 3 + year) % 90) + 5.25
                        values.append(value(Area.countryCode, [:], base))
                        values += breakdowns.enumerated().map { value(Area.countryCode, $1, base + Double($0)) }
                        values += provinces.enumerated().map { value($1.code, [:], base - Double($0) / 4) }
                    }
                }
                observations[code] = values
            }
        }
        let catalog = FrameworkCatalog(
            goals: (1...goals).map {
                Goal(number: $0, shortTitle: text("Goal \($0)"), title: text("Goal \($0)"), colour: "#000000", isNational: false)
            },
            targets: targets,
            indicators: indicators,
            series: series,
            institutions: [],
            successions: [],
            provinces: provinces,
            districts: []
        )
        return (catalog, observations)
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
