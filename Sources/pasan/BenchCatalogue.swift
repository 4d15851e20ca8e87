import ArgumentParser
import Foundation
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// The cost of the message catalogue in a page (for scripts/bench): how many lookups one render
/// of the handbook makes (counted by rendering under a catalogue whose every Lao text is one
/// marker character), what a lookup costs, and their share of the render time.
struct BenchCatalogue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-catalogue",
        abstract: "Count and time the catalogue lookups of a page render (for scripts/bench).",
        shouldDisplay: false
    )

    @Option(help: "The institution whose handbook is rendered.")
    var institution = "MOH"

    @Option(help: "Renders to time.")
    var runs = 200

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let catalog = try await CatalogRepository(database: db).load()
            guard let institution = catalog.institution(institution) else { throw ValidationError("no institution \(institution)") }
            let handbook = Handbook(
                institution: institution,
                catalog: catalog,
                assignments: try await AssignmentRepository(database: db).all(),
                focalPoints: try await FocalPointRepository(database: db).terms(institution: institution.code),
                today: db.clock.today
            )
            let names = Dictionary(catalog.institutions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let page = HandbookPage(language: .lo, handbook: handbook, institutionNames: names)
            // Every Lao text replaced by one marker: U+E000 for a text without placeholders, U+E001
            // for one with them; one render then shows one marker per lookup.
            let (plain, filled): (Character, Character) = ("\u{E000}", "\u{E001}")
            let counting = MessageCatalogue(
                entries: MessageCatalogue.shipped.sortedEntries.map { entry in
                    var entry = entry
                    entry.lao = String((entry.lao ?? entry.english).contains("{") ? filled : plain)
                    return entry
                }
            )
            let counted = MessageCatalogue.$current.withValue(counting) { page.render() }
            let plainLookups = counted.filter { $0 == plain }.count
            let filledLookups = counted.filter { $0 == filled }.count
            _ = page.render()
            let renderStart = ContinuousClock.now
            var bytes = 0
            for _ in 0..<runs { bytes &+= page.render().utf8.count }
            let renderNanos = nanos(ContinuousClock.now - renderStart) / Double(runs)
            let keys = MessageCatalogue.shipped.sortedEntries.map(\.key)
            let plainKeys = keys.filter { !(MessageCatalogue.shipped[$0]?.lao?.contains("{") ?? true) }
            let argumentKeys = keys.filter { MessageCatalogue.shipped[$0]?.lao?.contains("{") ?? false }
            let n = 1_000_000
            var sink = 0
            let plainStart = ContinuousClock.now
            for i in 0..<n { sink &+= Language.lo.t(plainKeys[i % plainKeys.count]).utf8.count }
            let plainNanos = nanos(ContinuousClock.now - plainStart) / Double(n)
            let argumentStart = ContinuousClock.now
            for i in 0..<n {
                sink &+=
                    Language.lo.t(argumentKeys[i % argumentKeys.count], ["name": "MOH", "code": "3.1.2", "date": .number(i)], count: i)
                    .utf8.count
            }
            let argumentNanos = nanos(ContinuousClock.now - argumentStart) / Double(n)
            // The placeholder lookups are charged with building their arguments (three, one a number).
            let catalogueNanos = Double(plainLookups) * plainNanos + Double(filledLookups) * argumentNanos
            say(
                "handbook \(institution.code) (lo): \(plainLookups) plain and \(filledLookups) placeholder lookups per render;"
                    + " render \(fmt(renderNanos / 1e6)) ms"
            )
            say("lookup: \(fmt(plainNanos)) ns plain, \(fmt(argumentNanos)) ns with placeholders (1,000,000 each)")
            say(
                "catalogue share of the render: \(fmt(catalogueNanos / 1e6)) ms = \(fmt(100 * catalogueNanos / renderNanos)) % (target < 5 %)"
            )
            if sink == 42 && bytes == 42 { say("") }  // keeps the loops from being optimised away
        }
    }

    func nanos(_ d: Duration) -> Double { Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9 }
    func fmt(_ v: Double) -> String { String(format: "%.3f", v) }
}
