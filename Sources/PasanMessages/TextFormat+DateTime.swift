import PasanDomain

extension TextFormat {
    /// A moment as shown to a reader: its UTC day and time to the minute, "30 September 2026,
    /// 14:05 UTC", "30 ກັນຍາ 2026, 14:05 UTC" (the pattern is the catalogue entry
    /// `format.dateTime`, the day as `date`).
    ///
    /// `instant` is an ISO 8601 instant as Pasan stores them ("2026-09-30T14:05:00Z", with or
    /// without fractions of a second; a zone offset such as "+07:00" is turned into UTC; a space
    /// may stand for the "T"). Seconds are not shown. Text that is no such instant is returned as
    /// it is, so that nothing is hidden from the reader.
    public static func dateTime(_ instant: String, in language: Language) -> String {
        guard let (day, minutes) = utcDayAndMinutes(instant) else { return instant }
        let time = twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60)
        let message = Message("format.dateTime", ["date": .date(day), "time": .text(digits(time, in: language))])
        return MessageCatalogue.current.text(message, in: language)
    }

    /// The UTC day and the minutes since its midnight of an ISO 8601 instant, or nil.
    static func utcDayAndMinutes(_ text: String) -> (LocalDate, Int)? {
        let s = Array(text.utf8)
        // YYYY-MM-DDTHH:MM is the least an instant has (16 characters), then a zone.
        guard s.count >= 17, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"), s[13] == UInt8(ascii: ":"),
            s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: " ") || s[10] == UInt8(ascii: "t")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard i < s.count, (48...57).contains(s[i]) else { return nil }
                value = value * 10 + Int(s[i]) - 48
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), hour < 24, minute < 60, let date = LocalDate(year: year, month: month, day: day)
        else { return nil }
        var i = 16
        // Seconds and their fraction, not shown.
        if i < s.count, s[i] == UInt8(ascii: ":") {
            guard let second = number((i + 1)..<(i + 3)), second <= 60 else { return nil }
            i += 3
            if i < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ",") {
                i += 1
                let start = i
                while i < s.count, (48...57).contains(s[i]) { i += 1 }
                guard i > start else { return nil }
            }
        }
        // The zone: Z, or an offset ±HH:MM (or ±HHMM, ±HH) from UTC.
        guard i < s.count else { return nil }
        var offset = 0
        switch s[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
            guard let hours = number((i + 1)..<(i + 3)), hours < 24 else { return nil }
            i += 3
            var minutes = 0
            if i < s.count {
                if s[i] == UInt8(ascii: ":") { i += 1 }
                guard let m = number(i..<(i + 2)), m < 60 else { return nil }
                minutes = m
                i += 2
            }
            offset = sign * (hours * 60 + minutes)
        default:
            return nil
        }
        guard i == s.count else { return nil }
        let total = hour * 60 + minute - offset
        let shift = total >= 0 ? total / 1440 : -((-total + 1439) / 1440)
        // LocalDate ends at 1900 and 2200: a day across either end is no day Pasan shows.
        guard shift == 0 || (1901...2199).contains(year) else { return nil }
        return (date.adding(days: shift), total - shift * 1440)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
