import PasanDomain
import PasanMessages
import Plot

/// How the pages show dates, moments, counts and data values to a reader, all through
/// `TextFormat` (the one formatting layer), and in which order they list names.
///
/// What a machine or a form reads keeps its own form: ISO dates (`YYYY-MM-DD`) in
/// `<input type=date>` values, CSV, JSON, URLs and `datetime` attributes; plain digits in input
/// values.
extension Fragments {
    /// A calendar day for a reader, "30 September 2026" / "30 ກັນຍາ 2026", in a `<time>` element
    /// whose `datetime` keeps the ISO date.
    static func date<C>(_ day: LocalDate, _ l: Lang) -> Node<C> {
        .element(
            named: "time",
            nodes: [.attribute(named: "datetime", value: day.description), .text(TextFormat.date(day, in: l))]
        )
    }

    /// A calendar day, or "—" when there is none.
    static func date<C>(_ day: LocalDate?, _ l: Lang) -> Node<C> {
        day.map { date($0, l) } ?? .text("—")
    }

    /// A stored moment (an ISO 8601 instant) for a reader, "30 September 2026, 14:05 UTC", in a
    /// `<time>` element whose `datetime` keeps the instant. Text that is no instant is shown as
    /// it is.
    static func moment<C>(_ instant: String, _ l: Lang) -> Node<C> {
        let shown = TextFormat.dateTime(instant, in: l)
        guard shown != instant else { return .text(instant) }
        return .element(named: "time", nodes: [.attribute(named: "datetime", value: Escape.attribute(instant)), .text(shown)])
    }

    /// A count for a reader: grouped by thousands from 1000 up (`TextFormat.number`).
    static func count(_ value: Int, _ l: Lang) -> String {
        TextFormat.number(value, in: l)
    }

    /// A share for a reader, "85 %": `fraction` (0…1) as a whole percentage.
    static func percent(_ fraction: Double, _ l: Lang) -> String {
        TextFormat.number(Int((fraction * 100).rounded()), in: l) + " %"
    }

    /// A published value for a reader: the digits `formatNumber` publishes (whole numbers whole,
    /// others to at most two decimals, trailing zeros dropped), written by `TextFormat.decimal`
    /// with that many decimals, so thousands are grouped ("12,345.6") and the precision is the
    /// same. Form fields and files keep `formatNumber`.
    static func dataValue(_ value: Double, _ l: Lang) -> String {
        let plain = formatNumber(value)
        guard let written = Double(plain), written.isFinite else { return plain }
        let decimals = plain.firstIndex(of: ".").map { plain.distance(from: $0, to: plain.endIndex) - 1 } ?? 0
        return TextFormat.decimal(written, fractionDigits: decimals, in: l)
    }
}

extension Sequence {
    /// The elements in the order a reader of `language` looks names up in: Lao collation
    /// (`sortedByLao`) on Lao pages, the English name without regard to case on English pages.
    /// `name` is the name the page shows.
    public func sortedByName(in language: PasanDomain.Language, _ name: (Element) -> String) -> [Element] {
        switch language {
        case .lo:
            return sortedByLao(name)
        case .en:
            return map { (name($0), $0) }
                .enumerated()
                .sorted { a, b in
                    let (x, y) = (a.element.0.lowercased(), b.element.0.lowercased())
                    if x != y { return x < y }
                    if a.element.0 != b.element.0 { return a.element.0 < b.element.0 }
                    return a.offset < b.offset
                }
                .map(\.element.1)
        }
    }
}
