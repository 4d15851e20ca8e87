import PasanDomain
import Testing

@testable import PasanMessages

@Suite struct TextFormatTests {
    static let laoDigits = TextFormat.Options(laoDigits: true)

    @Test func numbersBelowOneThousandAreTheirPlainDigits() {
        for value in [0, 7, 42, 999, -5, -999] {
            #expect(TextFormat.number(value, in: .en) == String(value))
            #expect(TextFormat.number(value, in: .lo) == String(value))
        }
    }

    @Test func numbersFromOneThousandAreGroupedInBothLanguages() {
        #expect(TextFormat.number(1000, in: .en) == "1,000")
        #expect(TextFormat.number(1153, in: .lo) == "1,153")
        #expect(TextFormat.number(7_275_556, in: .en) == "7,275,556")
        #expect(TextFormat.number(-12_345, in: .lo) == "-12,345")
        #expect(TextFormat.number(Int.min, in: .en) == "-9,223,372,036,854,775,808")
        #expect(TextFormat.grouped(999, in: .en) == "999")
        #expect(TextFormat.grouped(123_456, in: .lo) == "123,456")
    }

    @Test func laoDigitsAreAnOptionOfTheLaoInterface() {
        TextFormat.$options.withValue(Self.laoDigits) {
            #expect(TextFormat.number(2030, in: .lo) == "໒,໐໓໐")
            #expect(TextFormat.number(18, in: .lo) == "໑໘")
            #expect(TextFormat.decimal(-3.25, fractionDigits: 1, in: .lo) == "-໓.໓")
            // English keeps Arabic digits.
            #expect(TextFormat.number(2030, in: .en) == "2,030")
            #expect(TextFormat.digits("SDG 3.1.2", in: .lo) == "SDG ໓.໑.໒")
        }
        // The default: Arabic digits, as LSB publishes.
        #expect(TextFormat.options == TextFormat.Options())
        #expect(TextFormat.number(18, in: .lo) == "18")
        #expect(TextFormat.digits("3.1.2", in: .lo) == "3.1.2")
    }

    @Test func decimals() {
        #expect(TextFormat.decimal(12345.678, fractionDigits: 1, in: .en) == "12,345.7")
        #expect(TextFormat.decimal(12345.678, fractionDigits: 1, in: .lo) == "12,345.7")
        #expect(TextFormat.decimal(0.5, fractionDigits: 0, in: .en) == "1")
        #expect(TextFormat.decimal(2.5, fractionDigits: 0, in: .en) == "3")
        #expect(TextFormat.decimal(185.0, fractionDigits: 2, in: .en) == "185.00")
        #expect(TextFormat.decimal(9.996, fractionDigits: 2, in: .en) == "10.00")
        #expect(TextFormat.decimal(999.96, fractionDigits: 1, in: .lo) == "1,000.0")
        #expect(TextFormat.decimal(1234.5, fractionDigits: 0, in: .en) == "1,235")
        #expect(TextFormat.decimal(0.000012, fractionDigits: 5, in: .en) == "0.00001")
        #expect(TextFormat.decimal(1e16, fractionDigits: 0, in: .en) == "10,000,000,000,000,000")
        #expect(TextFormat.decimal(-0.04, fractionDigits: 1, in: .en) == "0.0")
        #expect(TextFormat.decimal(-1.25, fractionDigits: 1, in: .en) == "-1.3")
        #expect(TextFormat.decimal(3.14159, fractionDigits: -1, in: .en) == "3")
        #expect(TextFormat.decimal(.nan, fractionDigits: 1, in: .en) == "—")
        #expect(TextFormat.decimal(-.infinity, fractionDigits: 1, in: .lo) == "—")
    }

    /// The digits as written, not as stored in binary: printf gives 2.67, 1.00 and 0.12.
    @Test func decimalsRoundTheWrittenDigitsHalfAwayFromZero() {
        #expect(TextFormat.decimal(2.675, fractionDigits: 2, in: .en) == "2.68")
        #expect(TextFormat.decimal(1.005, fractionDigits: 2, in: .en) == "1.01")
        #expect(TextFormat.decimal(0.125, fractionDigits: 2, in: .en) == "0.13")
        #expect(TextFormat.decimal(-0.125, fractionDigits: 2, in: .en) == "-0.13")
    }

    @Test func datesWithMonthNamesFromTheCatalogue() {
        let day = LocalDate(year: 2026, month: 9, day: 30)!
        #expect(TextFormat.date(day, in: .en) == "30 September 2026")
        #expect(TextFormat.date(day, in: .lo) == "30 ກັນຍາ 2026")
        #expect(TextFormat.date(LocalDate(year: 2025, month: 1, day: 5)!, in: .en) == "5 January 2025")
        #expect(TextFormat.date(LocalDate(year: 2025, month: 1, day: 5)!, in: .lo) == "5 ມັງກອນ 2025")
        TextFormat.$options.withValue(Self.laoDigits) {
            #expect(TextFormat.date(day, in: .lo) == "໓໐ ກັນຍາ ໒໐໒໖")
            #expect(TextFormat.date(day, in: .en) == "30 September 2026")
        }
    }

    @Test func monthsOfAYear() {
        #expect(TextFormat.monthYear(month: 12, year: 2025, in: .en) == "December 2025")
        #expect(TextFormat.monthYear(month: 12, year: 2025, in: .lo) == "ທັນວາ 2025")
        let day = LocalDate(year: 2026, month: 5, day: 1)!
        #expect(TextFormat.monthYear(day, in: .en) == "May 2026")
        #expect(TextFormat.monthYear(day, in: .lo) == "ພຶດສະພາ 2026")
        TextFormat.$options.withValue(Self.laoDigits) {
            #expect(TextFormat.monthYear(day, in: .lo) == "ພຶດສະພາ ໒໐໒໖")
        }
    }

    @Test func everyMonthHasItsNameInBothLanguages() throws {
        let catalogue = try MessageCatalogue.loadShipped()
        let english = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        ]
        let lao = ["ມັງກອນ", "ກຸມພາ", "ມີນາ", "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ", "ພະຈິກ", "ທັນວາ"]
        MessageCatalogue.$current.withValue(catalogue) {
            #expect((1...12).map { TextFormat.monthName($0, in: .en) } == english)
            #expect((1...12).map { TextFormat.monthName($0, in: .lo) } == lao)
        }
        #expect(TextFormat.monthName(13, in: .en) == "13")
    }

    @Test func monthNamesFollowTheCurrentCatalogue() {
        let reviewed = MessageCatalogue.shipped.overlaying(["format.month.9": .init(lao: "ເດືອນເກົ້າ", isReviewed: true)])
        MessageCatalogue.$current.withValue(reviewed) {
            #expect(TextFormat.date(LocalDate(year: 2026, month: 9, day: 30)!, in: .lo) == "30 ເດືອນເກົ້າ 2026")
        }
    }

    @Test func theCatalogueFormatsItsPlaceholdersHere() {
        let catalogue = MessageCatalogue(entries: [
            .init(key: "n", component: "t", english: "{count} villages", lao: "{count} ບ້ານ", isReviewed: true),
            .init(key: "due", component: "t", english: "due {date}", lao: "ກຳນົດ {date}", isReviewed: true),
            .init(key: "format.month.9", component: "format", english: "September", lao: "ກັນຍາ", isReviewed: false),
        ])
        MessageCatalogue.$current.withValue(catalogue) {
            #expect(catalogue.text(Message("n", count: 8_468), in: .en) == "8,468 villages")
            #expect(catalogue.text(Message("n", count: 498), in: .lo) == "498 ບ້ານ")
            let due = Message("due", ["date": .date(LocalDate(year: 2026, month: 9, day: 30)!)])
            #expect(catalogue.text(due, in: .en) == "due 30 September 2026")
            #expect(catalogue.text(due, in: .lo) == "ກຳນົດ 30 ກັນຍາ 2026")
            TextFormat.$options.withValue(Self.laoDigits) {
                #expect(catalogue.text(Message("n", count: 498), in: .lo) == "໔໙໘ ບ້ານ")
            }
        }
    }
}
