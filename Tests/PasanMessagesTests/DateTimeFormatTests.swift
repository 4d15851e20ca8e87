import PasanDomain
import Testing

@testable import PasanMessages

/// `TextFormat.dateTime`: the stored ISO 8601 instants (audit log, outbox, comments, reviews) as
/// a reader sees them, the day through `TextFormat.date`, the time in UTC to the minute.
@Suite struct DateTimeFormatTests {
    @Test func anInstantIsItsDayAndTimeInUTC() {
        #expect(TextFormat.dateTime("2026-09-30T14:05:00Z", in: .en) == "30 September 2026, 14:05 UTC")
        #expect(TextFormat.dateTime("2026-09-30T14:05:00Z", in: .lo) == "30 ກັນຍາ 2026, 14:05 UTC")
        #expect(TextFormat.dateTime("2025-01-02T03:04:59Z", in: .en) == "2 January 2025, 03:04 UTC")
    }

    @Test func fractionsOfASecondAndAMissingSecondAreAccepted() {
        #expect(TextFormat.dateTime("2026-09-30T14:05:07.123Z", in: .en) == "30 September 2026, 14:05 UTC")
        #expect(TextFormat.dateTime("2026-09-30T14:05Z", in: .en) == "30 September 2026, 14:05 UTC")
        #expect(TextFormat.dateTime("2026-09-30 14:05:00Z", in: .en) == "30 September 2026, 14:05 UTC")
    }

    @Test func anOffsetIsTurnedIntoUTCAcrossDaysMonthsAndYears() {
        // Vientiane is UTC+7: 02:00 there is 19:00 UTC the day before.
        #expect(TextFormat.dateTime("2026-10-01T02:00:00+07:00", in: .en) == "30 September 2026, 19:00 UTC")
        #expect(TextFormat.dateTime("2026-01-01T05:30:00+0700", in: .en) == "31 December 2025, 22:30 UTC")
        #expect(TextFormat.dateTime("2024-02-28T22:00:00-03:00", in: .en) == "29 February 2024, 01:00 UTC")
        #expect(TextFormat.dateTime("2026-09-30T14:05:00+00:00", in: .lo) == "30 ກັນຍາ 2026, 14:05 UTC")
    }

    @Test func laoDigitsFollowTheOptions() {
        TextFormat.$options.withValue(.init(laoDigits: true)) {
            #expect(TextFormat.dateTime("2026-09-30T14:05:00Z", in: .lo) == "໓໐ ກັນຍາ ໒໐໒໖, ໑໔:໐໕ UTC")
            #expect(TextFormat.dateTime("2026-09-30T14:05:00Z", in: .en) == "30 September 2026, 14:05 UTC")
        }
    }

    @Test func textThatIsNoInstantIsShownAsItIs() {
        for text in [
            "", "—", "2026-09-30", "2026-09-30T14:05:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-09-30T24:00:00Z",
            "2026-09-30T14:60:00Z", "2026-09-30T14:05:00.Z", "2026-09-30T14:05:00Zjunk", "2026-09-30T14:05:00+7", "yesterday",
            "2200-12-31T23:00:00-02:00",
        ] {
            #expect(TextFormat.dateTime(text, in: .en) == text, "\(text)")
        }
    }

    @Test func theDayOfAnInstantIsTheCalendarDayOfTheOtherFormats() {
        let day = LocalDate(year: 2026, month: 9, day: 30)!
        for language in Language.allCases {
            #expect(TextFormat.dateTime("2026-09-30T00:00:00Z", in: language).hasPrefix(TextFormat.date(day, in: language) + ", "))
        }
    }
}
