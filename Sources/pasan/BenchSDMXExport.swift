import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanStorage
import SQLKit

/// `pasan bench-sdmx-export`: the SDMX export of many observations, timed, with the process's
/// peak memory, for `scripts/bench`. Two sources: `database` (the default) fills a fresh
/// database with synthetic published observations of the SDG DSD's series (not timed), then
/// times the export from it; `synthetic` streams the same observations straight into the
/// exporter and writer, to time them alone. The peak resident memory is reset (Linux
/// `/proc/self/clear_refs`) before the timed part, so it is the export's own peak. Not for real
/// databases.
struct BenchSDMXExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-sdmx-export",
        abstract: "Time the SDMX export of N synthetic observations and report the peak memory (for scripts/bench).",
        shouldDisplay: false
    )

    enum Source: String, ExpressibleByArgument {
        case database
        case synthetic
    }

    @Option(help: "How many observations.")
    var observations = 1_000_000

    @Option(help: "structure-specific, csv1 or csv2.")
    var format: ExportSDMX.Format = .structureSpecific

    @Option(help: "database (fill a fresh database, then export from it) or synthetic (no database).")
    var source: Source = .database

    @Option(
        name: .customLong("database-url"),
        help: "The database to fill (default: a new SQLite file in the temporary directory, removed afterwards)."
    )
    var databaseURL: String?

    @Argument(help: "The file to write.")
    var file: String

    func run() async throws {
        let structure = try SDMXExportCLI.structure("sdg")
        let target = SDMXExportTarget(structure: structure)
        var generator = SyntheticObservations(structure: structure, count: observations)
        let destination = try SDMXExportCLI.Destination(file: file, language: .en)
        let header = SDMXMessageHeader(
            id: "PASAN_BENCH",
            prepared: Date(timeIntervalSince1970: 1_735_689_600),
            structure: .dataStructure(structure.reference)
        )
        let writer = SDMXExportCLI.writer(format, output: destination.output, header: header, structure: structure)
        let exporter = SDMXExporter(target: target, writer: writer)
        var line = "bench-sdmx-export: \(observations) observations, \(format.rawValue), source \(source.rawValue)"
        switch source {
        case .synthetic:
            Memory.resetPeak()
            let rssBefore = Memory.current()
            let start = ContinuousClock.now
            try writer.begin()
            var page: [Observation] = []
            page.reserveCapacity(10_000)
            for index in 0..<observations {
                page.append(generator.observation(index))
                if page.count == 10_000 {
                    try exporter.add(page)
                    page.removeAll(keepingCapacity: true)
                }
            }
            try exporter.add(page)
            let report = try exporter.finish()
            try writer.finish()
            try destination.commit()
            line += result(report, start: start, rssBefore: rssBefore)
        case .database:
            let location: DatabaseLocation
            var temporary: String?
            if let databaseURL {
                location = try DatabaseLocation(url: databaseURL)
            } else {
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-bench-sdmx-\(UUID().uuidString).sqlite")
                    .path
                temporary = path
                location = .sqlite(path: path)
            }
            let db = try await Database.open(location, logger: makeLogger())
            do {
                _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
                let framework = Set(try await CatalogRepository(database: db).load().series.map(\.code))
                generator = SyntheticObservations(structure: structure, count: observations, framework: framework)
                let fill = ContinuousClock.now
                try await generator.insert(into: db)
                line += ", fixture filled in \(Self.seconds(ContinuousClock.now - fill)) s"
                Memory.resetPeak()
                let rssBefore = Memory.current()
                let start = ContinuousClock.now
                try writer.begin()
                for try await page in ObservationStream(database: db) { try exporter.add(page) }
                let report = try exporter.finish()
                try writer.finish()
                try destination.commit()
                line += result(report, start: start, rssBefore: rssBefore)
            } catch {
                destination.abandon()
                await db.close()
                throw error
            }
            await db.close()
            if let temporary {
                for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
            }
        }
        print(line)
    }

    private func result(_ report: SDMXExportReport, start: ContinuousClock.Instant, rssBefore: Int?) -> String {
        let elapsed = ContinuousClock.now - start
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var text = "; export \(Self.seconds(elapsed)) s (\(Int(Double(report.written) / max(seconds, 1e-9))) obs/s)"
        text += ", \(report.written) written in \(report.series) series, \(report.leftOutCount) left out, \(size / 1_048_576) MiB"
        if let rssBefore, let peak = Memory.peak() {
            text += ", RSS before \(rssBefore / 1024) MiB, peak \(peak / 1024) MiB"
        }
        return text
    }

    static func seconds(_ d: Duration) -> String {
        String(format: "%.2f", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
}

/// Linux process memory from `/proc/self/status` (kB).
enum Memory {
    static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            return Int(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }

    /// VmRSS.
    static func current() -> Int? { field("VmRSS") }
    /// VmHWM: the peak resident set since the process started or the last reset.
    static func peak() -> Int? { field("VmHWM") }
    /// Resets VmHWM to the current RSS.
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}

/// Synthetic published observations: series of the SDG DSD, national values, SEX (`_T`, `F`,
/// `M`) × a few AGE codes of the DSD, 25 years, deterministic values. In series-code order.
struct SyntheticObservations: Sendable {
    let series: [String]
    let ages: [String]
    let count: Int
    static let sexes = ["", "F", "M"]
    static let years = 25

    /// `framework`: when given, only series the framework also has (so a database takes them all).
    init(structure: DataStructure, count: Int, framework: Set<String>? = nil) {
        let codes = structure.codelist(of: "SERIES")?.codes.map(\.id) ?? []
        series = codes.filter { !$0.hasPrefix("_") && framework?.contains($0) != false }.sorted()
        let ageCodes = structure.codelist(of: "AGE")?.codes.map(\.id) ?? []
        ages = [""] + ["Y0T14", "Y15T24", "Y15T64", "Y_GE65"].filter(ageCodes.contains)
        self.count = count
    }

    var perSeries: Int { max(1, (count + series.count - 1) / series.count) }

    func observation(_ index: Int) -> Observation {
        let s = index / perSeries
        let within = index % perSeries
        let year = within % Self.years
        let cell = within / Self.years
        let sex = Self.sexes[cell % Self.sexes.count]
        let age = ages[(cell / Self.sexes.count) % ages.count]
        // More cells than SEX × AGE: further ones get a URBANISATION code.
        let urbanisation = ["", "U", "R", "CITY", "TSUB"][min(4, cell / (Self.sexes.count * ages.count))]
        var dims: [String: String] = [:]
        if !sex.isEmpty { dims["SEX"] = sex }
        if !age.isEmpty { dims["AGE"] = age }
        if !urbanisation.isEmpty { dims["URBANISATION"] = urbanisation }
        return Observation(
            series: series[min(s, series.count - 1)],
            indicator: "",
            area: Area.countryCode,
            period: String(2000 + year),
            dimensions: dims,
            unit: "PT",
            value: Double((index * 7919) % 100_000) / 100,
            status: index % 10 == 0 ? "E" : nil,
            source: index % 3 == 0 ? "Synthetic survey, round \(index % 5)" : nil
        )
    }

    /// Inserts the observations into `observations`, with each series' first indicator of the
    /// framework (series missing from the framework are skipped, so the count may be lower).
    func insert(into database: Database) async throws {
        let indicators: [String: String] = try await database.read { db in
            var map: [String: String] = [:]
            for row in try await db.select().columns("code", "indicator").from("series").orderBy("indicator").all() {
                let code = try row.decode(column: "code", as: String.self)
                if map[code] == nil { map[code] = try row.decode(column: "indicator", as: String.self) }
            }
            return map
        }
        let columns = ["series", "indicator", "area", "period", "dimension_key", "unit", "value", "status", "source", "dataset"]
        let perStatement = (database.kind == .postgres ? 65_535 : 32_766) / columns.count
        var start = 0
        while start < count {
            let end = min(start + 50_000, count)
            let rows: [[any SQLExpression]] = (start..<end).compactMap { index in
                let o = observation(index)
                guard let indicator = indicators[o.series] else { return nil }
                return [
                    SQLBind(o.series), SQLBind(indicator), SQLBind(o.area), SQLBind(o.period), SQLBind(o.dimensionKey), SQLBind(o.unit),
                    SQLBind(o.value), o.status.map { SQLBind($0) } ?? SQLLiteral.null, o.source.map { SQLBind($0) } ?? SQLLiteral.null,
                    SQLBind("bench"),
                ]
            }
            try await database.write { db in
                var i = 0
                while i < rows.count {
                    let j = min(i + perStatement, rows.count)
                    var insert = db.insert(into: "observations").columns(columns)
                    for row in rows[i..<j] { insert = insert.values(row) }
                    try await insert.run()
                    i = j
                }
            }
            start = end
        }
        try await ObservationRepository(database: database).recountSummary()
    }
}
