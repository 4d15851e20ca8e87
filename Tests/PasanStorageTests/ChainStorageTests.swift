import Foundation
import PasanDomain
import PasanTestSupport
import Testing

@testable import PasanStorage

/// A three-level reporting chain on both backends: villages → districts → the province →
/// the centre, with a deadline per level, a return with a comment (the old revision kept), a late
/// unit, and the compiled values recomputed when a lower submission changes.
@Suite struct ChainStorageTests {
    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: nil, loStatus: .machine) }

    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// 20 October 2026 in Vientiane: after the villages' deadline, before the districts'.
    static let clock = DateProvider.fixed(Date(timeIntervalSince1970: 1_792_486_800))

    static let chain = ReportingChain(
        owner: "MOES",
        title: text("School census (test)"),
        year: 2026,
        forms: [
            ChainForm(
                code: "PRI",
                title: text("Primary"),
                fields: [
                    ChainField(code: "ENR", title: text("Pupils")),
                    ChainField(code: "RATE", title: text("Completion rate"), aggregation: .weightedAverage(denominator: "ENR")),
                ]
            )
        ],
        levels: [
            ChainLevel(level: .village, deadline: date("2026-10-15")),
            ChainLevel(level: .district, deadline: date("2026-11-15")),
            ChainLevel(level: .province, deadline: date("2026-12-15")),
        ],
        scope: "01"
    )

    @Test(arguments: Backend.all)
    func threeLevelsWithAReturnALateUnitAndRecompiledValues(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend, clock: Self.clock) { database in
            #expect(database.clock.today == Self.date("2026-10-20"))
            let repository = ChainRepository(database: database)
            let id = try await repository.create(Self.chain, actor: "owner")

            // Two villages of Chanthabuly (0101) and one of Sikhottabong (0102) send.
            try await repository.take(
                .submit,
                chain: id,
                area: "0101001",
                form: "PRI",
                values: ["ENR": 100, "RATE": 90],
                as: .unit,
                actor: "v1"
            )
            try await repository.take(
                .submit,
                chain: id,
                area: "0101002",
                form: "PRI",
                values: ["ENR": 300, "RATE": 70],
                as: .unit,
                actor: "v2"
            )
            try await repository.take(
                .submit,
                chain: id,
                area: "0102001",
                form: "PRI",
                values: ["ENR": 200, "RATE": 50],
                as: .unit,
                actor: "v3"
            )
            var status = try #require(try await repository.status(of: id))
            #expect(status.compiled.values(of: "0101")["PRI"] == ["ENR": 400, "RATE": 75])

            // The district returns one village with a comment; it drops out of the district's values.
            try await repository.take(
                .return,
                chain: id,
                area: "0101002",
                form: "PRI",
                comment: "300 pupils is the school's capacity",
                as: .above,
                actor: "district"
            )
            status = try #require(try await repository.status(of: id))
            #expect(status.states["0101002"]?["PRI"] == .returned)
            #expect(status.comments["0101002"]?["PRI"] == "300 pupils is the school's capacity")
            #expect(status.compiled.values(of: "0101")["PRI"] == ["ENR": 100, "RATE": 90])

            // The village corrects and submits again: a new revision, the old kept with who/when/why.
            try await repository.take(
                .submit,
                chain: id,
                area: "0101002",
                form: "PRI",
                values: ["ENR": 260, "RATE": 80],
                as: .unit,
                actor: "v2"
            )
            let history = try await repository.history(chain: id, area: "0101002")
            #expect(history.map(\.step) == [.submit, .return, .submit])
            #expect(history.map(\.revision) == [1, 1, 2])
            #expect(history[0].values == ["ENR": 300, "RATE": 70] && history[0].actor == "v2")
            #expect(history[1].comment == "300 pupils is the school's capacity" && history[1].actor == "district")
            #expect(history[2].values == ["ENR": 260, "RATE": 80])

            // Districts forward, the province forwards: the centre holds the national values.
            try await repository.take(.accept, chain: id, area: "0101002", form: "PRI", as: .above, actor: "district")
            try await repository.take(.submit, chain: id, area: "0101", form: "PRI", as: .unit, actor: "district")
            try await repository.take(.submit, chain: id, area: "0102", form: "PRI", as: .unit, actor: "district 2")
            try await repository.take(.submit, chain: id, area: "01", form: "PRI", as: .unit, actor: "province")
            status = try #require(try await repository.status(of: id))
            // 100 + 260 + 200; (90·100 + 80·260 + 50·200) / 560.
            #expect(status.compiled.national["PRI"]?["ENR"] == 560)
            #expect(abs((status.compiled.national["PRI"]?["RATE"] ?? 0) - 39_800.0 / 560.0) < 1e-9)

            // A lower submission changes: the compiled values follow up to the centre.
            try await repository.take(
                .submit,
                chain: id,
                area: "0102001",
                form: "PRI",
                values: ["ENR": 240, "RATE": 50],
                as: .unit,
                actor: "v3"
            )
            status = try #require(try await repository.status(of: id))
            #expect(status.compiled.values(of: "0102")["PRI"]?["ENR"] == 240)
            #expect(status.compiled.values(of: "01")["PRI"]?["ENR"] == 600)
            #expect(status.compiled.national["PRI"]?["ENR"] == 600)

            // Lateness: villages that sent nothing by 15 October are late; districts are not yet.
            let villages = status.units[.village] ?? []
            #expect(villages.count > 3)
            #expect(status.isLate("0101003") && !status.isLate("0101001"))
            #expect(!status.isLate("0103"))
            let completeness = status.completeness
            #expect(completeness[0].expected == villages.count)
            #expect(completeness[0].arrived == 3 && completeness[0].accepted == 1 && completeness[0].late == villages.count - 3)
            #expect(completeness[1].arrived == 2 && completeness[1].late == 0)
            #expect(completeness[2].expected == 1 && completeness[2].arrived == 1)

            // Refusals: a unit outside the scope, a field the form lacks, values typed for a
            // compiled level, accepting what was not sent.
            await #expect(throws: ChainProblem.notAUnit("0201001")) {
                try await repository.take(.submit, chain: id, area: "0201001", form: "PRI", values: ["ENR": 1], as: .unit, actor: "x")
            }
            await #expect(throws: ChainProblem.unknownField("X")) {
                try await repository.take(.save, chain: id, area: "0101003", form: "PRI", values: ["X": 1], as: .unit, actor: "x")
            }
            await #expect(throws: ChainProblem.compiledLevel) {
                try await repository.take(.save, chain: id, area: "0103", form: "PRI", values: ["ENR": 1], as: .unit, actor: "x")
            }
            await #expect(throws: ChainProblem.refused(.wrongState(nil))) {
                try await repository.take(.accept, chain: id, area: "0101003", form: "PRI", as: .above, actor: "x")
            }

            // The place pages: the chain passes through the province, its districts and villages,
            // not through another province.
            #expect(try await repository.chains(through: "0101").map(\.id).contains(id))
            #expect(try await repository.chains(through: "0101001").map(\.id).contains(id))
            #expect(try await repository.chains(through: "02").isEmpty)
            #expect(try await repository.chains(through: "0201001").isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func aSetUpThatIsNotAChainIsRefused(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let before = try await ChainRepository(database: database).chains()
            var chain = Self.chain
            chain.forms[0].fields[1].aggregation = .weightedAverage(denominator: "PUPILS")
            await #expect(throws: ChainProblem.self) { try await ChainRepository(database: database).create(chain, actor: "x") }
            chain = Self.chain
            chain.levels.reverse()
            await #expect(throws: ChainProblem.self) { try await ChainRepository(database: database).create(chain, actor: "x") }
            let stored = try await ChainRepository(database: database).chains()
            #expect(stored == before)
        }
    }

    /// The demo (illustrative): MOES's school census for Vientiane Capital with three forms, a
    /// returned village with its comment, Chanthabuly's compiled values forwarded, late units;
    /// and LWU's chapters.
    @Test func theDemoChains() async throws {
        try await TestDatabases.withSeeded(.sqlite, clock: Self.clock) { database in
            let repository = ChainRepository(database: database)
            let chains = try await repository.chains()
            let census = try #require(chains.first { $0.owner == "MOES" })
            #expect(census.isIllustrative && census.scope == "01" && chains.contains { $0.owner == "LWU" })
            let status = try #require(try await repository.status(of: census.id))
            #expect(status.chain.forms.map(\.code) == ["ECE", "PRI", "SEC"])
            // Its Lao titles come from demo/chain_texts.csv.
            #expect(status.chain.title.lo != nil && status.chain.forms.allSatisfy { $0.title.lo != nil })
            #expect(status.comments.values.contains { !($0["PRI"] ?? "").isEmpty })
            #expect(status.states["0101"]?["PRI"] == .submitted)
            #expect((status.compiled.values(of: "0101")["PRI"]?["ENR"] ?? 0) > 0)
            #expect(status.completeness[0].late > 0 && status.completeness[0].arrived > 0 && status.completeness[0].returned == 1)
            // Seeding again writes nothing.
            #expect(try await repository.seedDemoIfAbsent() == false)
        }
    }
}
