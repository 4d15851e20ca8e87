import Foundation
import Testing

@testable import PasanDomain
@testable import PasanReferenceData

@Suite struct LaoSearchFoldTests {
    @Test func theOrderOfVowelSignsAndToneMarksDoesNotMatter() {
        // ນໍ້າ typed ນ + ໍ + ້ + າ, and ນ້ຳ as usually written (ນ + ້ + ຳ).
        let typed = "\u{0E99}\u{0ECD}\u{0EC9}\u{0EB2}"
        let usual = "\u{0E99}\u{0EC9}\u{0EB3}"
        #expect(SearchText.normalise(typed) == SearchText.normalise(usual))
        // A tone typed after ຳ belongs before its າ.
        #expect(SearchText.normalise("\u{0E99}\u{0EB3}\u{0EC9}") == SearchText.normalise(usual))
        // Vowel and tone in either order: ກີ່ / ກ່ີ, ບໍ່ / ບ່ໍ, ຫຼ້ / ຫ້ຼ.
        #expect(SearchText.normalise("\u{0E81}\u{0EC8}\u{0EB5}") == SearchText.normalise("ກີ່"))
        #expect(SearchText.normalise("\u{0E9A}\u{0EC8}\u{0ECD}") == SearchText.normalise("ບໍ່"))
        #expect(SearchText.normalise("\u{0EAB}\u{0EC9}\u{0EBC}") == SearchText.normalise("ຫຼ້"))
        #expect(SearchText.normalise("ຫຼ້") == SearchText.normalise("ຫລ້"))
        // Whole words, in the middle of a title.
        #expect(SearchText.normalise("ແຫຼ່ງ\u{0E99}\u{0ECD}\u{0EC9}\u{0EB2}ສະອາດ").contains(SearchText.normalise("ນ້ຳສະອາດ")))
    }

    @Test func theUsualSpellingsAreLeftAsTheyAre() {
        // Vowel before tone and tone before ຳ are the usual order: a query of part of a
        // syllable still finds it.
        for word in ["ກີ່", "ບໍ່ແກ້ວ", "ນ້ຳ", "ສູ້", "ເມື່ອ"] {
            let folded = SearchText.normalise(word)
            #expect(folded == word.replacingOccurrences(of: "\u{0EB3}", with: "\u{0ECD}\u{0EB2}"))
        }
        #expect(SearchText.normalise("ບໍ່ແກ້ວ").unicodeScalars.starts(with: SearchText.normalise("ບໍ").unicodeScalars))
    }

    @Test func fullWidthFormsFindWhatTheirASCIIFormsFind() {
        #expect(SearchText.normalise("３．１．２") == "3.1.2")
        #expect(SearchText.normalise("ＳＤＧ　３") == SearchText.normalise("sdg 3"))
        #expect(SearchText.normalise("（ａ）！～") == "(a)!~")
        // Other compatibility folds are not applied.
        #expect(SearchText.normalise("m²") == "m²")
    }

    @Test func theFrameworkSearchFindsTheOtherSpelling() {
        let goals = [
            Goal(
                number: 6,
                shortTitle: .init(en: "Water", lo: "ນ້ຳສະອາດ", loStatus: .machine),
                title: .init(en: "Clean water", lo: "ນ້ຳສະອາດ ແລະ ສຸຂາພິບານ", loStatus: .machine),
                colour: "#26BDE2",
                isNational: false
            )
        ]
        let targets = [
            Target(code: "6.1", goal: 6, title: .init(en: "Drinking water", lo: "ນ້ຳດື່ມ", loStatus: .machine), isNational: false)
        ]
        let search = FrameworkSearch(goals: goals, targets: targets, indicators: [])
        #expect(search.search("\u{0E99}\u{0ECD}\u{0EC9}\u{0EB2}ດື່ມ").map(\.code) == ["6.1"])
        #expect(search.search("６．１").first?.code == "6.1")
    }
}

@Suite struct LaoCollationTests {
    /// The 18 province names in ICU's Lao order (ICU 72.1, `Collator.createInstance(Locale("lo"))`).
    static let provincesByICU = [
        "ຄຳມ່ວນ", "ຈຳປາສັກ", "ສະຫວັນນະເຂດ", "ສາລະວັນ", "ຊຽງຂວາງ", "ເຊກອງ", "ໄຊສົມບູນ", "ໄຊຍະບູລີ", "ນະຄອນຫຼວງວຽງຈັນ",
        "ບໍ່ແກ້ວ", "ບໍລິຄຳໄຊ", "ຜົ້ງສາລີ", "ວຽງຈັນ", "ຫົວພັນ", "ຫຼວງນ້ຳທາ", "ຫຼວງພະບາງ", "ອັດຕະປື", "ອຸດົມໄຊ",
    ]

    /// The Lao names of `lao_institutions.csv` in ICU's Lao order (ICU 72.1).
    static let institutionsByICU = [
        "ກະຊວງກະສິກຳ ແລະ ປ່າໄມ້", "ກະຊວງການເງິນ", "ກະຊວງການຕ່າງປະເທດ", "ກະຊວງສາທາລະນະສຸກ", "ກະຊວງສຶກສາທິການ ແລະ ກິລາ",
        "ກະຊວງຊັບພະຍາກອນທຳມະຊາດ ແລະ ສິ່ງແວດລ້ອມ", "ກະຊວງຍຸຕິທຳ", "ກະຊວງໂຍທາທິການ ແລະ ຂົນສົ່ງ", "ກະຊວງເຕັກໂນໂລຊີ ແລະ ການສື່ສານ",
        "ກະຊວງຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ", "ກະຊວງປ້ອງກັນຄວາມສະຫງົບ", "ກະຊວງປ້ອງກັນປະເທດ",
        "ກະຊວງໄປສະນີ, ໂທລະຄົມມະນາຄົມ ແລະ ການສື່ສານ", "ກະຊວງແຜນການ ແລະ ການລົງທຶນ", "ກະຊວງພະລັງງານ ແລະ ບໍ່ແຮ່", "ກະຊວງພາຍໃນ",
        "ກະຊວງອຸດສາຫະກຳ ແລະ ການຄ້າ", "ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ", "ຄະນະຊາວໜຸ່ມປະຊາຊົນປະຕິວັດລາວ",
        "ໂຄງການເກັບກູ້ລະເບີດແຫ່ງ ສ ປ ປ ລາວ", "ສະພາແຫ່ງຊາດ", "ສະຫະພັນກຳມະບານລາວ", "ສະຫະພັນແມ່ຍິງລາວ", "ສຳນັກງານນາຍົກລັດຖະມົນຕີ",
        "ສູນສະຖິຕິແຫ່ງຊາດ", "ແນວລາວສ້າງຊາດ",
    ]

    @Test func provincesSortAsICUSortsThemNotByCodePoints() throws {
        let names = try Self.shippedProvinceNames()
        #expect(names.count == 18)
        #expect(names.sortedByLao() == Self.provincesByICU)
        #expect(names.sorted() != Self.provincesByICU)
        // In code-point order every name with a preposed vowel comes last, and ສ after ວ.
        #expect(names.sorted().last == "ໄຊສົມບູນ")
        // The same with the comparator.
        #expect(names.sorted(by: LaoCollation.areInIncreasingOrder) == Self.provincesByICU)
    }

    @Test func institutionsSortAsICUSortsThem() {
        let names = Self.institutionsByICU.reversed().map { $0 }
        #expect(names.sortedByLao() == Self.institutionsByICU)
        // sortedByLao with a key path: whole records.
        let rows = Self.institutionsByICU.enumerated().map { (code: $0.offset, name: $0.element) }.shuffled()
        #expect(rows.sortedByLao(\.name).map(\.code) == Array(0..<Self.institutionsByICU.count))
    }

    static func shippedProvinceNames() throws -> [String] {
        let table = try CSVTable(contentsOf: ReferenceDataLoader.bundled.directory.appendingPathComponent("lao/lao_provinces.csv"))
        let column = try #require(table.columnIndex("name_lo"))
        return table.records.map { $0.fields[column] }
    }

    @Test func preposedVowelsSortAfterTheirConsonant() {
        // ເຊກອງ sorts as ຊເກອງ: after ຊຽງ (ຽ before ເ), before ໄຊ (ເ before ໄ), and far before ນ.
        #expect(LaoCollation.areInIncreasingOrder("ຊຽງຂວາງ", "ເຊກອງ"))
        #expect(LaoCollation.areInIncreasingOrder("ເຊກອງ", "ໄຊຍະບູລີ"))
        #expect(LaoCollation.areInIncreasingOrder("ເຊກອງ", "ນະຄອນ"))
        #expect(LaoCollation.areInIncreasingOrder("ກາ", "ເກ"))
        #expect(LaoCollation.areInIncreasingOrder("ເກ", "ຂາ"))
    }

    @Test func consonantsFollowTheLaoAlphabet() {
        let alphabet = [
            "ກ", "ຂ", "ຄ", "ງ", "ຈ", "ສ", "ຊ", "ຍ", "ດ", "ຕ", "ຖ", "ທ", "ນ", "ບ", "ປ", "ຜ", "ຝ", "ພ", "ຟ", "ມ", "ຢ", "ຣ", "ລ", "ວ", "ຫ",
            "ອ", "ຮ",
        ]
        #expect(alphabet.shuffled().sortedByLao() == alphabet)
    }

    @Test func hoNoAndHoMoSortAsTwoLetters() {
        // ໜ sorts as ຫນ: among the words in ຫນ, before ຫວ, after ຫງ.
        #expect(LaoCollation.areInIncreasingOrder("ຫນອງ", "ໜອງ"))  // only the variant differs
        #expect(LaoCollation.areInIncreasingOrder("ໜອງ", "ຫນອງບົກ"))
        #expect(LaoCollation.areInIncreasingOrder("ໜອງ", "ຫວາຍ"))
        #expect(LaoCollation.areInIncreasingOrder("ຫມາ", "ໝີ"))
        #expect(LaoCollation.areInIncreasingOrder("ຫງ", "ໝາ"))
    }

    @Test func toneMarksOnlyBreakTies() {
        // ກ່າ and ກາ have the same letters: the tone decides; ກາງ has more letters and comes after both.
        #expect(["ກາງ", "ກ້າ", "ກ່າ", "ກາ"].sortedByLao() == ["ກາ", "ກ່າ", "ກ້າ", "ກາງ"])
        // The mark order does not matter: ນໍ້າ typed as ນ + ໍ + ້ + າ sorts as ນ້ຳ.
        #expect(LaoCollation.sortKey("\u{0E99}\u{0ECD}\u{0EC9}\u{0EB2}").prefix { $0 != 0 } == LaoCollation.sortKey("ນ້ຳ").prefix { $0 != 0 })
        #expect(LaoCollation.key("ບໍ່") < LaoCollation.key("ບໍລິ"))
    }

    @Test func scriptsDigitsAndLatinText() {
        let mixed = ["b", "B", "a", "ກ", "1", "໑", "10", "9", " x", "-", "é", "e", "f", "Zed", "zed", "ໜາ", "ຫນາ"]
        // As ICU's Lao collation: spaces, punctuation, digits, Lao, Latin (case-insensitive).
        #expect(mixed.sortedByLao() == [" x", "-", "1", "໑", "10", "9", "ກ", "ຫນາ", "ໜາ", "a", "b", "B", "e", "é", "f", "zed", "Zed"])
        #expect(
            ["Ministry of Health", "ministry of finance", "MINISTRY OF AGRICULTURE"].sortedByLao() == [
                "MINISTRY OF AGRICULTURE", "ministry of finance", "Ministry of Health",
            ]
        )
    }

    @Test func keysAreAStrictTotalOrder() {
        #expect(!LaoCollation.areInIncreasingOrder("ກາ", "ກາ"))
        #expect(LaoCollation.key("1") != LaoCollation.key("໑"))
        #expect(LaoCollation.sortKey("") == [0, 0, 0])
        // Zero-width characters are ignored but for the last tie-break.
        #expect(LaoCollation.sortKey("ກ\u{200B}າ").prefix(3) == LaoCollation.sortKey("ກາ").prefix(3))
    }
}

@Suite struct LaoCalendarTests {
    @Test func buddhistEraYears() {
        #expect(LaoCalendar.gregorianYear(fromPossiblyBuddhist: 2568) == 2025)
        #expect(LaoCalendar.gregorianYear(fromPossiblyBuddhist: 2025) == 2025)
        #expect(LaoCalendar.gregorianYear(fromPossiblyBuddhist: 2400) == 1857)
        #expect(LaoCalendar.gregorianYear(fromPossiblyBuddhist: 2399) == 2399)
        #expect(LaoCalendar.buddhistYear(ofGregorian: 2026) == 2569)
        #expect(LaoCalendar.year(from: "2568") == 2025)
        #expect(LaoCalendar.year(from: " ໒໕໖໘ ") == 2025)
        #expect(LaoCalendar.year(from: "2030") == 2030)
        #expect(LaoCalendar.year(from: "25") == nil)
        #expect(LaoCalendar.year(from: "2568a") == nil)
    }

    @Test func isoDatesInEitherEra() {
        #expect(LaoCalendar.date(from: "2026-09-30") == LocalDate(year: 2026, month: 9, day: 30))
        #expect(LaoCalendar.date(from: "2569-09-30") == LocalDate(year: 2026, month: 9, day: 30))
        #expect(LaoCalendar.date(from: "2568-01-15T10:30:00+07:00") == LocalDate(year: 2025, month: 1, day: 15))
        #expect(LaoCalendar.date(from: "໒໕໖໘-໐໑-໑໕") == LocalDate(year: 2025, month: 1, day: 15))
        // 29 February: a BE year is a leap year when its CE year is (2567 = 2024).
        #expect(LaoCalendar.date(from: "2567-02-29") == LocalDate(year: 2024, month: 2, day: 29))
        #expect(LaoCalendar.date(from: "2568-02-29") == nil)
    }

    @Test func dayFirstDates() {
        #expect(LaoCalendar.date(from: "30/9/2026") == LocalDate(year: 2026, month: 9, day: 30))
        #expect(LaoCalendar.date(from: "01.10.2568") == LocalDate(year: 2025, month: 10, day: 1))
        #expect(LaoCalendar.date(from: "໓໐/໙/໒໕໖໙") == LocalDate(year: 2026, month: 9, day: 30))
    }

    @Test func refusesWhatIsNotADate() {
        for text in ["", "2026", "2026-9-30", "2026-13-01", "31/4/2026", "30/9/26", "30-09-2026", "yesterday", "2026-09-30x"] {
            #expect(LaoCalendar.date(from: text) == nil, "\(text)")
        }
    }

    @Test func laoDigits() {
        #expect(LaoDigits.toASCII("໒໐໓໐ ປີ") == "2030 ປີ")
        #expect(LaoDigits.toLao("12,345.6") == "໑໒,໓໔໕.໖")
        #expect(LaoDigits.toASCII(LaoDigits.toLao("0123456789")) == "0123456789")
    }
}
