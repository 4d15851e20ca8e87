import Foundation
import PasanDomain
import Testing

@testable import PasanViews

/// The pages' one formatting layer (`ReaderFormat.swift`, over `TextFormat`): dates, moments,
/// counts and data values as a reader reads them, and names in the order a reader looks them up.
@Suite struct ReaderFormatTests {
    typealias F = Fixtures

    /// Four provinces whose code order, code-point order and Lao collation all differ (a word
    /// with a preposed vowel sorts by the consonant after it: ເຊກອງ as ຊ…).
    static let provinces = [
        Area(code: "08", level: .province, parentCode: "LA", name: F.text("Xayabury", "ໄຊຍະບູລີ"), pcode: "LA08"),
        Area(code: "11", level: .province, parentCode: "LA", name: F.text("Bolikhamxay", "ບໍລິຄຳໄຊ"), pcode: "LA11"),
        Area(code: "12", level: .province, parentCode: "LA", name: F.text("Khammouane", "ຄຳມ່ວນ"), pcode: "LA12"),
        Area(code: "15", level: .province, parentCode: "LA", name: F.text("sekong", "ເຊກອງ"), pcode: "LA15"),
    ]

    /// The province codes in the order the places page lists them.
    static func listed(_ html: String, _ l: Language) -> [String] {
        html.matches(of: try! Regex("<a href=\"/\(l.rawValue)/places/([0-9]+)\">")).map { String($0.output[1].substring ?? "") }
    }

    @Test func laoPagesListNamesInLaoCollationNotCodePoints() {
        let html = PlacesPage(language: .lo, provinces: Self.provinces, childCounts: [:], villageCounts: [:], map: nil).render()
        // ຄຳມ່ວນ, ເຊກອງ, ໄຊຍະບູລີ, ບໍລິຄຳໄຊ (code points would put ບ before ເ and ໄ).
        #expect(Self.listed(html, .lo) == ["12", "15", "08", "11"])
    }

    @Test func englishPagesListNamesWithoutRegardToCase() {
        let html = PlacesPage(language: .en, provinces: Self.provinces, childCounts: [:], villageCounts: [:], map: nil).render()
        #expect(Self.listed(html, .en) == ["11", "12", "15", "08"])
    }

    @Test func sortedByNameFollowsThePageLanguage() {
        let names = ["ໄຊຍະບູລີ", "ບໍລິຄຳໄຊ", "ຄຳມ່ວນ", "ເຊກອງ", "Vientiane"]
        #expect(names.sortedByName(in: .lo) { $0 } == ["ຄຳມ່ວນ", "ເຊກອງ", "ໄຊຍະບູລີ", "ບໍລິຄຳໄຊ", "Vientiane"])
        #expect(["b", "A", "a", "B", "c"].sortedByName(in: .en) { $0 } == ["A", "a", "B", "b", "c"])
    }

    @Test func countsAreGroupedFromOneThousand() {
        let html = PlacesPage(
            language: .lo,
            provinces: Self.provinces,
            childCounts: ["08": 11],
            villageCounts: ["08": 1153, "11": 999],
            map: nil
        ).render()
        #expect(html.contains("<td class=\"num\">1,153</td>") && html.contains("<td class=\"num\">999</td>"))
        #expect(Fragments.percent(0.857, .lo) == "86 %")
    }

    @Test func datesAreForReadersAndTheirDatetimeForMachines() {
        let day = F.date(2026, 9, 30)
        let en: BodyNode = Fragments.date(day, .en)
        let lo: BodyNode = Fragments.date(day, .lo)
        #expect(en.render() == "<time datetime=\"2026-09-30\">30 September 2026</time>")
        #expect(lo.render() == "<time datetime=\"2026-09-30\">30 ກັນຍາ 2026</time>")
        let none: BodyNode = Fragments.date(nil, .en)
        #expect(none.render() == "—")
    }

    @Test func momentsAreShownInUTCAndOtherTextAsItIs() {
        let moment: BodyNode = Fragments.moment("2026-09-30T14:05:09Z", .en)
        #expect(moment.render() == "<time datetime=\"2026-09-30T14:05:09Z\">30 September 2026, 14:05 UTC</time>")
        let other: BodyNode = Fragments.moment("yesterday", .lo)
        #expect(other.render() == "yesterday")
    }

    /// Published values keep the digits `formatNumber` publishes, with thousands grouped.
    @Test func dataValuesKeepTheirPrecision() {
        let cases: [(Double, String)] = [
            (81, "81"), (12345.678, "12,345.68"), (2.5, "2.5"), (0.05, "0.05"), (1_000_000, "1,000,000"), (-1234.1, "-1,234.1"),
            (2.675, Fragments.formatNumber(2.675)), (-0.001, "0"),
        ]
        for (value, shown) in cases {
            #expect(Fragments.dataValue(value, .en) == shown, "\(value)")
            #expect(Fragments.dataValue(value, .lo) == shown, "\(value)")
        }
    }
}
