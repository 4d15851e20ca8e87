import PasanDomain
import Plot

/// `/{lang}/indicators/{code}/progress`: how the indicator's progress is measured — the series
/// that counts, direction, base and target years, target value, natural limit, and a manual
/// override with its justification. For the Secretariat and LSB.
public struct ProgressConfigPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var indicator: Indicator
    public var series: [String]
    public var current: ProgressConfiguration?
    public var fields: [String: String]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        indicator: Indicator,
        series: [String],
        current: ProgressConfiguration?,
        fields: [String: String] = [:]
    ) {
        self.language = language; self.session = session; self.indicator = indicator; self.series = series; self.current = current;
        self.fields = fields
    }

    public func render() -> String {
        let l = language
        let title = (l == .lo ? "ວິທີວັດແທກຄວາມຄືບໜ້າ: " : "How progress is measured: ") + indicator.code
        let c = current
        func value(_ name: String, _ fallback: String) -> String { fields[name] ?? fallback }
        return Layout(title: title, description: title, path: SitePath(language: l, page: .progressConfig(indicator.code))).render(
            .div(
                .class("wrap narrow"),
                .h1(.text(title)),
                .p(Fragments.localized(indicator.title, l)),
                FormParts.messages(session.notices, errors: session.errors),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .progressConfig(indicator.code)).path),
                    .class("stack"),
                    FormParts.csrf(session.csrfToken),
                    FormParts.select(
                        UIText.series.text(l),
                        name: "series",
                        options: series.map { ($0, $0) },
                        selected: value("series", c?.series ?? "")
                    ),
                    FormParts.select(
                        l == .lo ? "ທິດທາງທີ່ຕ້ອງການ" : "Desired direction",
                        name: "direction",
                        options: [("1", l == .lo ? "ເພີ່ມຂຶ້ນ" : "increase"), ("-1", l == .lo ? "ຫຼຸດລົງ" : "decrease")],
                        selected: value("direction", c.map { String($0.direction) } ?? "")
                    ),
                    FormParts.field(
                        l == .lo ? "ປີຖານ" : "Base year",
                        name: "base_year",
                        value: value("base_year", String(c?.baseYear ?? 2015)),
                        required: true
                    ),
                    FormParts.field(
                        l == .lo ? "ປີຄາດໝາຍ" : "Target year",
                        name: "target_year",
                        value: value("target_year", String(c?.targetYear ?? 2030)),
                        required: true
                    ),
                    FormParts.field(
                        l == .lo ? "ຄ່າຄາດໝາຍ (ຫວ່າງ = ບໍ່ມີ)" : "Target value (blank = none)",
                        name: "target",
                        value: value("target", c?.target.map(Fragments.formatNumber) ?? "")
                    ),
                    FormParts.field(
                        l == .lo ? "ຂີດຈຳກັດທຳມະຊາດ (ຫວ່າງ = ບໍ່ມີ)" : "Natural limit (blank = none)",
                        name: "limit",
                        value: value("limit", c?.limit.map(Fragments.formatNumber) ?? "")
                    ),
                    FormParts.select(
                        l == .lo ? "ກຳນົດສະຖານະດ້ວຍມື" : "Manual override",
                        name: "override",
                        options: [("", l == .lo ? "ບໍ່ມີ (ຄິດໄລ່ອັດຕະໂນມັດ)" : "none (computed)")]
                            + ProgressStatus.allCases.map { ($0.rawValue, $0.title.text(in: l)) },
                        selected: value("override", c?.overrideStatus?.rawValue ?? "")
                    ),
                    FormParts.field(
                        l == .lo ? "ເຫດຜົນຂອງການກຳນົດດ້ວຍມື" : "Justification of the override",
                        name: "justification",
                        value: value("justification", c?.overrideJustification ?? "")
                    ),
                    FormParts.field(l == .lo ? "ໝາຍເຫດ" : "Note", name: "note", value: value("note", c?.note ?? "")),
                    FormParts.submit(l == .lo ? "ບັນທຶກ ແລະ ຄິດໄລ່ໃໝ່" : "Save and recompute")
                )
            )
        )
    }
}
