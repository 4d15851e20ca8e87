import Testing

@testable import PasanDomain

/// What a pull changed against the previous one: added, changed (old and new), removed, unchanged.
@Suite struct DHIS2PullChangesTests {
    static func cell(_ area: String, _ year: String, _ dimensions: String = "") -> CellKey {
        CellKey(indicator: "3.1.2", series: "SH_BIRTHS", area: area, period: year, dimensions: dimensions)
    }

    @Test func comparesTwoPulls() {
        let previous: [CellKey: Double?] = [
            Self.cell("01", "2024"): 10,
            Self.cell("02", "2024"): 20,
            Self.cell("03", "2024"): nil,
            Self.cell("04", "2024"): 40,
            Self.cell("05", "2024"): nil,
            Self.cell("06", "2024"): 60,
        ]
        let current: [CellKey: Double?] = [
            Self.cell("01", "2024"): 10,
            Self.cell("02", "2024"): 21,
            Self.cell("03", "2024"): 30,
            Self.cell("04", "2024"): nil,
            Self.cell("05", "2024"): nil,
            Self.cell("07", "2024", "SEX=F"): 70,
            Self.cell("07", "2024"): nil,
        ]
        let changes = DHIS2PullChanges(previous: previous, current: current)
        #expect(
            changes.added == [
                .init(key: Self.cell("07", "2024"), value: nil), .init(key: Self.cell("07", "2024", "SEX=F"), value: 70),
            ]
        )
        #expect(
            changes.changed == [
                .init(key: Self.cell("02", "2024"), old: 20, new: 21), .init(key: Self.cell("03", "2024"), old: nil, new: 30),
                .init(key: Self.cell("04", "2024"), old: 40, new: nil),
            ]
        )
        #expect(changes.removed == [.init(key: Self.cell("06", "2024"), value: 60)])
        #expect(changes.unchanged == 2)
        #expect(!changes.isEmpty)
    }

    @Test func aFirstPullAddsEverythingAndARepeatChangesNothing() {
        let cells: [CellKey: Double?] = [Self.cell("01", "2024"): 1, Self.cell("01", "2023"): 2]
        let first = DHIS2PullChanges(previous: [:], current: cells)
        #expect(first.added.map(\.key) == [Self.cell("01", "2023"), Self.cell("01", "2024")])
        #expect(first.changed.isEmpty && first.removed.isEmpty && first.unchanged == 0)
        let again = DHIS2PullChanges(previous: cells, current: cells)
        #expect(again.isEmpty)
        #expect(again.unchanged == 2)
    }
}
