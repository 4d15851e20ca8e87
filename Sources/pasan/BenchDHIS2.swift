import ArgumentParser
import Foundation
import PasanDHIS2
import PasanDomain
import PasanExchange
import PasanReferenceData

/// `pasan bench-dhis2`: issue 12's DHIS2 pull, timed, for scripts/bench. A pull of 100,000
/// values: DHIS2's answer read (`/api/analytics/dataValueSet.json` as DHIS2 writes it), mapped
/// (`DHIS2Mapper`: one mapping line per category option combo, organisation units matched to
/// Pasan's shipped areas) and validated (`TidyValidator`, as a submission is); beside it, the
/// same cells as a tidy CSV upload read and validated (the path every owner already has). With
/// `--url`, the answer comes over HTTP from a DHIS2 (the stand-in scripts/bench starts), through
/// `DHIS2Client`. No database: the validator gets a synthetic context.
struct BenchDHIS2: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-dhis2",
        abstract: "Time a 100,000-value DHIS2 pull mapped and validated, beside the same cells as CSV (for scripts/bench).",
        shouldDisplay: false
    )

    @Option(help: "Values of the pull.")
    var values = 100_000

    @Option(help: "A DHIS2 (the stand-in) to pull from over HTTP; without it the answer is made here.")
    var url: String?

    @Option(help: "The personal access token of --url.")
    var token = ""

    func run() async throws {
        let areas = try ReferenceDataLoader.bundled.load().areas.filter { $0.level != .village }
        let period = "2024"
        // DHIS2's answer: a value per organisation unit and combo, as the stand-in's BENCH data.
        let fetchedOverHTTP: [DHIS2DataValue]?
        var httpSeconds = 0.0
        var orgUnitAreas: [String: String] = [:]
        var clock = ContinuousClock.now
        if let url {
            let client = DHIS2Client(connection: try DHIS2Connection(baseURL: url, credential: .token(token), timeout: .seconds(300)))
            let units = try await client.organisationUnits(maxLevel: 3)
            for match in DHIS2OrgUnitMatcher.propose(orgUnits: units, areas: areas) {
                if let area = match.areaCode { orgUnitAreas[match.orgUnit.uid] = area }
            }
            clock = ContinuousClock.now
            fetchedOverHTTP = try await client.analyticsValues(
                dataItems: [String(format: "BENCH%06d", values)],
                periods: [period],
                orgUnits: units.map(\.uid)
            )
            httpSeconds = seconds(since: clock)
        } else {
            fetchedOverHTTP = nil
            for area in areas { orgUnitAreas[area.code] = area.code }
        }
        let json = fetchedOverHTTP == nil ? Self.answer(values: values, units: areas.map(\.code), period: period) : Data()
        clock = ContinuousClock.now
        let pulled = try fetchedOverHTTP ?? DHIS2DataValueSetReader.readJSON(json, file: "analytics.json").values
        let readSeconds = fetchedOverHTTP == nil ? seconds(since: clock) : httpSeconds

        // One mapping line per combo (a breakdown of one series), made before the clock runs.
        let combos = Set(pulled.compactMap(\.categoryOptionCombo)).sorted()
        let mappings = combos.enumerated().map { n, combo in
            DHIS2ElementMapping(
                dataElement: pulled[0].dataElement,
                categoryOptionCombo: combo,
                source: .analytics,
                indicator: "3.1.2",
                series: "SH_STA_BRTC",
                dimensions: "AGE=Y\(n)",
                aggregation: .sum
            )
        }
        let known = Set(areas.map(\.code))
        let levels = Dictionary(areas.map { ($0.code, $0.level) }, uniquingKeysWith: { a, _ in a })
        let context = TidyContext(
            indicator: "3.1.2",
            institution: "MOH",
            series: ["SH_STA_BRTC": "NUMBER"],
            referenceYears: [2024],
            knownAreas: known,
            ownedScopes: [(series: nil, level: .district)],
            areaLevel: { levels[$0] }
        )
        clock = ContinuousClock.now
        let mapped = DHIS2Mapper.map(
            values: pulled,
            mappings: mappings,
            orgUnits: orgUnitAreas,
            units: ["SH_STA_BRTC": "NUMBER"],
            provenance: "DHIS2 bench, pulled at 2026-12-02 00:00 UTC",
            years: [2024]
        )
        let mapSeconds = seconds(since: clock)
        clock = ContinuousClock.now
        let result = TidyValidator.validate(header: mapped.header, rows: mapped.rows, context: context)
        let validateSeconds = seconds(since: clock)
        guard result.errors.isEmpty, !result.values.isEmpty else {
            throw ValidationError(
                "the pulled values did not validate: \(result.errors.count) errors, first \(String(describing: result.errors.first))"
            )
        }

        // The same cells as a tidy CSV upload.
        let csv = CSVWriter.write(header: mapped.header, rows: mapped.rows.map(\.fields))
        clock = ContinuousClock.now
        let table = try CSVTable(text: csv, file: "same-cells.csv")
        let csvResult = TidyValidator.validate(header: table.header, rows: table.records.map { ($0.line, $0.fields) }, context: context)
        let csvSeconds = seconds(since: clock)
        guard csvResult.values.count == result.values.count else {
            throw ValidationError("CSV and DHIS2 disagree: \(csvResult.values.count) vs \(result.values.count) values")
        }
        let pull = readSeconds + mapSeconds + validateSeconds
        let source = url == nil ? "answer read from \(json.count / 1024) KiB of JSON" : "fetched over HTTP from \(url!)"
        print(
            "bench-dhis2: \(pulled.count) values, \(mapped.ignored.count) left aside, \(result.values.count) cells; "
                + "pull \(format(pull)) s (\(source) \(format(readSeconds)) s, mapped \(format(mapSeconds)) s, "
                + "validated \(format(validateSeconds)) s); same cells as csv \(format(csvSeconds)) s, pull/csv "
                + "\(format(pull / max(csvSeconds, 0.000_001)))x"
        )
    }

    /// An analytics data value set as DHIS2 writes it: every value a string, with the combo.
    static func answer(values: Int, units: [String], period: String) -> Data {
        var text = #"{"dataValues":["#
        text.reserveCapacity(values * 160)
        for i in 0..<values {
            if i > 0 { text += "," }
            let combo = String(format: "BnchC%06d", i / units.count)
            text +=
                #"{"dataElement":"BENCH000001","period":"\#(period)","orgUnit":"\#(units[i % units.count])","#
                + #""categoryOptionCombo":"\#(combo)","value":"\#((i * 7919) % 100_000).0","storedBy":"[aggregated]"}"#
        }
        return Data((text + "]}").utf8)
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
