import Testing

@testable import PasanDomain

/// `OverlapDetection` on a fixture with known overlaps and known non-overlaps: the exact set of
/// pairs (with their places, shared targets and sectors, and period) is asserted, nothing more.
@Suite struct OverlapDetectionTests {
    static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    static func activity(
        _ identifier: String,
        by institution: String? = nil,
        ref: String? = nil,
        name: String = "Organisation",
        status: ActivityStatus = .implementation,
        start: String? = "2025-01-01",
        end: String? = "2027-12-31",
        villages: [String] = [],
        districts: [String] = [],
        provinces: [String] = [],
        proposed: [String] = [],
        sectors: [String] = [],
        targets: [String] = [],
        indicators: [String] = []
    ) -> Activity {
        var locations = villages.map { ActivityLocation(areaCode: $0, level: .village) }
        locations += districts.map { ActivityLocation(areaCode: $0, level: .district) }
        locations += provinces.map { ActivityLocation(areaCode: $0, level: .province) }
        locations += proposed.map { ActivityLocation(areaCode: $0, level: .village, match: .name, status: .proposed) }
        return Activity(
            identifier: identifier,
            implementer: ActivityOrganisation(
                role: .implementing,
                institution: institution,
                ref: ref,
                name: LocalizedText(en: name, lo: nil, loStatus: .machine)
            ),
            title: LocalizedText(en: identifier, lo: nil, loStatus: .machine),
            status: status,
            start: start.map(date),
            end: end.map(date),
            locations: locations,
            sectors: sectors.map { ActivitySector(vocabulary: $0.count == 5 ? "1" : "2", code: $0) },
            sdgTargets: targets,
            sdgIndicators: indicators
        )
    }

    /// The fixture: `A` (Ministry of Health, water in villages of districts 0101 and 0103) and the others.
    static let fixture: [Activity] = [
        activity("A-MOH", by: "MOH", villages: ["0101001", "0101002", "0103001"], sectors: ["14030"], targets: ["6.1"]),
        // Overlaps A in both villages: another institution (an IATI reference), same DAC sector 140.
        activity("B-UNICEF", ref: "XM-DAC-41122", villages: ["0101001", "0101002"], sectors: ["14031"]),
        // Overlaps A in 0101001 only: shares target 6.1 through indicator 6.1.1; open end.
        activity("C-LWU", by: "LWU", end: nil, villages: ["0101001"], indicators: ["6.1.1"]),
        // Same institution as A (in a village of district 0103 where only A also works): not an overlap.
        activity("D-MOH", by: "MOH", villages: ["0103001"], sectors: ["14030"], targets: ["6.1"]),
        // Different target and sector: not an overlap.
        activity("E-MOES", by: "MOES", villages: ["0101001"], sectors: ["11220"], targets: ["4.1"]),
        // Periods apart (ended before A started): not an overlap.
        activity("F-MAF", by: "MAF", start: "2020-01-01", end: "2024-12-31", villages: ["0101001"], targets: ["6.1"]),
        // Cancelled: not an overlap.
        activity("G-MPWT", by: "MPWT", status: .cancelled, villages: ["0101001"], targets: ["6.1"]),
        // Province only: too coarse.
        activity("H-NGO", name: "Village Water Trust", provinces: ["01"], targets: ["6.1"]),
        // Only a proposed (unconfirmed) village: does not count.
        activity("I-NGO", name: "Clean Water Laos", proposed: ["0101001"], targets: ["6.1"]),
        // Known only at district level in 0101: meets A there (A has villages in 0101), and C;
        // the district-level match uses the sector 140.
        activity("J-ADB", ref: "XM-DAC-46004", start: "2026-06-01", end: nil, districts: ["0101"], sectors: ["140"]),
        // District 0102 (another district, with a village there): no one else is in 0102.
        activity("K-WB", ref: "44000", villages: ["0102001"], districts: ["0102"], targets: ["6.1"]),
        // District-level in 0101 but also a village in 0101: known at village level, so it does
        // not meet at district level; its village 0101005 meets no one.
        activity("L-JICA", ref: "XM-DAC-701-8", villages: ["0101005"], districts: ["0101"], targets: ["6.1"]),
    ]

    @Test func findsExactlyTheKnownOverlaps() {
        let found = OverlapDetection.detect(Self.fixture)
        let pairs = found.map { "\($0.first)+\($0.second)" }
        #expect(pairs == ["A-MOH+B-UNICEF", "A-MOH+C-LWU", "A-MOH+J-ADB", "B-UNICEF+J-ADB"])

        let ab = found[0]
        #expect(ab.places == [OverlapPlace(areaCode: "0101001", level: .village), OverlapPlace(areaCode: "0101002", level: .village)])
        #expect(ab.level == .village)
        #expect(ab.sharedSectors == ["140"])
        #expect(ab.sharedTargets.isEmpty)
        #expect(ab.firstImplementer == "inst:MOH")
        #expect(ab.secondImplementer == "ref:XM-DAC-41122")
        #expect(ab.periodStart == Self.date("2025-01-01"))
        #expect(ab.periodEnd == Self.date("2027-12-31"))

        let ac = found[1]
        #expect(ac.places == [OverlapPlace(areaCode: "0101001", level: .village)])
        #expect(ac.sharedTargets == ["6.1"])
        #expect(ac.sharedSectors.isEmpty)

        let aj = found[2]
        #expect(aj.places == [OverlapPlace(areaCode: "0101", level: .district)])
        #expect(aj.level == .district)
        #expect(aj.sharedSectors == ["140"])
        #expect(aj.periodStart == Self.date("2026-06-01"))
        #expect(aj.periodEnd == Self.date("2027-12-31"))

        let bj = found[3]
        #expect(bj.places == [OverlapPlace(areaCode: "0101", level: .district)])
        #expect(bj.periodEnd == Self.date("2027-12-31"))
    }

    @Test func twoDistrictLevelActivitiesMeetOnceInTheirDistrict() {
        let found = OverlapDetection.detect([
            Self.activity("X", by: "MOH", start: nil, end: nil, districts: ["0201"], targets: ["3.1"]),
            Self.activity("Y", by: "LWU", start: nil, end: nil, districts: ["0201", "0202"], targets: ["3.1", "5.2"]),
            Self.activity("Z", by: "MOES", start: nil, end: nil, districts: ["0202"], targets: ["4.1"]),
        ])
        #expect(found.count == 1)
        #expect(found.first?.places == [OverlapPlace(areaCode: "0201", level: .district)])
        #expect(found.first?.periodStart == nil)
        #expect(found.first?.periodEnd == nil)
    }

    @Test func aPairMeetingInVillagesAndADistrictListsVillagesFirst() {
        let found = OverlapDetection.detect([
            Self.activity("P", by: "MOH", villages: ["0301003", "0302001"], targets: ["2.1"]),
            Self.activity("Q", by: "MAF", villages: ["0301003"], districts: ["0302"], targets: ["2.1"]),
        ])
        #expect(found.count == 1)
        #expect(
            found.first?.places == [OverlapPlace(areaCode: "0301003", level: .village), OverlapPlace(areaCode: "0302", level: .district)]
        )
        #expect(found.first?.level == .village)
    }

    @Test func touchingPeriodsOverlapButOneDayApartDoNot() {
        let touching = OverlapDetection.detect([
            Self.activity("R", by: "MOH", start: "2025-01-01", end: "2025-06-30", villages: ["0401001"], targets: ["3.8"]),
            Self.activity("S", by: "LWU", start: "2025-06-30", end: nil, villages: ["0401001"], targets: ["3.8"]),
        ])
        #expect(touching.count == 1)
        let apart = OverlapDetection.detect([
            Self.activity("R", by: "MOH", start: "2025-01-01", end: "2025-06-30", villages: ["0401001"], targets: ["3.8"]),
            Self.activity("S", by: "LWU", start: "2025-07-01", end: nil, villages: ["0401001"], targets: ["3.8"]),
        ])
        #expect(apart.isEmpty)
    }

    @Test func targetsSortNumerically() {
        #expect(["3.10", "3.2", "3.a", "10.1"].sorted(by: OverlapDetection.targetOrder) == ["3.2", "3.10", "3.a", "10.1"])
    }
}
