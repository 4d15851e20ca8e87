import Foundation
import PasanDomain
import Plot

/// `/{lang}/institutions/{CODE}/handbook`: the roles-and-responsibilities handbook of one
/// institution, printable on A4.
public struct HandbookPage: Sendable {
    public var language: PasanDomain.Language
    public var handbook: Handbook
    public var institutionNames: [String: LocalizedText]

    public init(language: PasanDomain.Language, handbook: Handbook, institutionNames: [String: LocalizedText]) {
        self.language = language
        self.handbook = handbook
        self.institutionNames = institutionNames
    }

    func name(_ code: String?) -> String {
        guard let code else {
            return language == .lo
                ? "ກອງເລຂາ SDG ແຫ່ງຊາດ (\(Handbook.secretariatHost))" : "the National SDG Secretariat (\(Handbook.secretariatHost))"
        }
        return institutionNames[code].map { "\($0.text(in: language)) (\(code))" } ?? code
    }

    public func render() -> String {
        let l = language
        let i = handbook.institution
        let title = (l == .lo ? "ປຶ້ມຄູ່ມືບົດບາດ ແລະ ຄວາມຮັບຜິດຊອບ: " : "Roles and responsibilities: ") + i.name.text(in: l)
        return Layout(title: title, description: title, path: SitePath(language: l, page: .handbook(i.code))).render(
            .article(
                .class("wrap handbook"),
                .h1(.text(title)),
                .p(
                    .class("lead"),
                    .text(
                        l == .lo
                            ? "ສ້າງຂຶ້ນອັດຕະໂນມັດຈາກການມອບໝາຍໃນ ປະສານ — ສະບັບນີ້ເປັນປັດຈຸບັນສະເໝີ."
                            : "Generated from the assignments in Pasan, so it is always current."
                    )
                ),
                .dl(
                    .class("facts"),
                    .dt(.text(UIText.abbreviation.text(l))),
                    .dd(.text(i.abbreviation.text(in: l))),
                    .dt(.text(UIText.validFrom.text(l))),
                    .dd(.text(i.validFrom?.description ?? "—")),
                    .dt(.text(UIText.validTo.text(l))),
                    .dd(.text(i.validTo?.description ?? "—")),
                    .if(
                        !handbook.successors.isEmpty,
                        .group(
                            .dt(.text(UIText.successors.text(l))),
                            .dd(
                                .text(
                                    handbook.successors.map {
                                        "\(name($0.successor)) — \($0.kind.rawValue.replacingOccurrences(of: "_", with: " "))"
                                    }.joined(separator: "; ")
                                )
                            )
                        )
                    )
                ),
                focalPointSection,
                .forEach(Handbook.Part.allCases) { part in dutySection(part) },
                .section(.h2(.text(l == .lo ? "ຮູບແບບການສົ່ງ" : "Format")), .p(Fragments.localized(Handbook.deliveryFormat, l)))
            )
        )
    }

    private var focalPointSection: BodyNode {
        let l = language
        return .section(
            .h2(.text(l == .lo ? "ຜູ້ປະສານງານ" : "Focal points")),
            .if(
                handbook.focalPoints.isEmpty,
                .p(.class("notice"), .text(l == .lo ? "ຍັງບໍ່ໄດ້ແຕ່ງຕັ້ງຜູ້ປະສານງານ." : "No focal point has been named yet."))
            ),
            .ul(
                .forEach(handbook.focalPoints) { t in
                    .li(
                        .strong(.text(t.userName)),
                        .text(
                            " — \(t.role == .owner ? (l == .lo ? "ເຈົ້າຂອງຂໍ້ມູນ (SDGi)" : "owner (SDGi)") : (l == .lo ? "ຜູ້ລາຍງານ (SDGr)" : "reporter (SDGr)")), "
                                + "\(t.position == .primary ? (l == .lo ? "ຫຼັກ" : "primary") : (l == .lo ? "ສຳຮອງ" : "alternate")), \(l == .lo ? "ແຕ່" : "since") \(t.startedOn)"
                        )
                    )
                }
            )
        )
    }

    private func dutySection(_ part: Handbook.Part) -> BodyNode {
        let l = language
        let duties = handbook.duties(part)
        let heading: String =
            switch part {
            case .owns: l == .lo ? "ຕົວຊີ້ວັດທີ່ເປັນເຈົ້າຂອງ (ຜະລິດຂໍ້ມູນ, SDGi)" : "Indicators it owns (produces the data, SDGi)"
            case .reports: l == .lo ? "ຕົວຊີ້ວັດທີ່ລາຍງານ (ສັງລວມ ແລະ ລາຍງານ, SDGr)" : "Indicators it reports (compiles and reports, SDGr)"
            case .contributes: l == .lo ? "ຕົວຊີ້ວັດທີ່ປະກອບສ່ວນ" : "Indicators it contributes to"
            }
        return .section(
            .class("duties"),
            .h2(.text("\(heading) (\(duties.count))")),
            .if(duties.isEmpty, .p(.text("—"))),
            .forEach(duties) { duty in
                let a = duty.assignment
                let scope = [a.series, a.disaggregation, a.geographicLevel?.rawValue].compactMap { $0 }.joined(separator: ", ")
                let what = [
                    duty.units.isEmpty ? nil : (l == .lo ? "ຫົວໜ່ວຍ: " : "unit: ") + duty.units.joined(separator: ", "),
                    scope.isEmpty ? nil : (l == .lo ? "ຂອບເຂດ: " : "scope: ") + scope,
                    a.frequency.map { (l == .lo ? "ຄວາມຖີ່: " : "frequency: ") + $0.title.text(in: l) },
                ].compactMap { $0 }.joined(separator: "; ")
                let basis = a.legalBasis.map { b in [b.instrument, b.number, b.date?.description].compactMap { $0 }.joined(separator: ", ")
                }
                return .div(
                    .class("duty"),
                    .h3(
                        .a(.href(SitePath.indicator(l, duty.indicator.code).path), .text(duty.indicator.code)),
                        .text(" "),
                        Fragments.localized(duty.indicator.title, l)
                    ),
                    .dl(
                        .dt(.text(l == .lo ? "ສົ່ງຫຍັງ" : "What")),
                        .dd(.text(what.isEmpty ? "—" : what)),
                        .dt(.text(l == .lo ? "ສົ່ງໃຫ້ໃຜ" : "To whom")),
                        .dd(.text(name(duty.deliverTo))),
                        .dt(.text(l == .lo ? "ເມື່ອໃດ" : "By when")),
                        .dd(
                            .text(
                                (l == .lo ? "ກຳນົດສົ່ງຂອງແຕ່ລະຮອບ: " : "each cycle's owner deadline, normally ") + duty.due.text(in: l)
                                    + (a.collectionDue.map {
                                        (l == .lo ? "; ຂໍ້ມູນເກັບກຳສຳເລັດ " : "; the collection delivers on ") + $0.text(in: l)
                                    } ?? "")
                            )
                        ),
                        .dt(.text(l == .lo ? "ແຫຼ່ງຂໍ້ມູນ" : "Source")),
                        .dd(
                            .text(
                                [a.sourceKind?.title.text(in: l), a.sourceName].compactMap { $0 }.joined(separator: ": ").nonEmpty ?? "—"
                            )
                        ),
                        .dt(.text(l == .lo ? "ພື້ນຖານທາງກົດໝາຍ" : "Legal basis")),
                        .dd(.text(basis ?? (l == .lo ? "ຍັງບໍ່ໄດ້ບັນທຶກ" : "not recorded")))
                    )
                )
            }
        )
    }
}

/// `/{lang}/responsibilities`: the national overview of who reports what to whom, as a table
/// and as a diagram (owners → reporters → the Secretariat).
public struct ResponsibilitiesPage: Sendable {
    public var language: PasanDomain.Language
    public var overview: ResponsibilityOverview
    public var institutionNames: [String: LocalizedText]

    public init(language: PasanDomain.Language, overview: ResponsibilityOverview, institutionNames: [String: LocalizedText]) {
        self.language = language
        self.overview = overview
        self.institutionNames = institutionNames
    }

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ໃຜລາຍງານຫຍັງ ໃຫ້ໃຜ" : "Who reports what to whom"
        return Layout(title: title, description: title, path: SitePath(language: l, page: .responsibilities)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .element(
                    named: "figure",
                    nodes: [
                        .attribute(named: "class", value: "flow"), .raw(diagram()),
                        .element(
                            named: "figcaption",
                            nodes: [
                                .text(
                                    l == .lo
                                        ? "ເຈົ້າຂອງຂໍ້ມູນ → ຜູ້ລາຍງານ → ກອງເລຂາ SDG ແຫ່ງຊາດ; ຄວາມໜາຂອງເສັ້ນ = ຈຳນວນຕົວຊີ້ວັດ"
                                        : "Owners → reporters → the National SDG Secretariat; line width = number of indicators"
                                )
                            ]
                        ),
                    ]
                ),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(UIText.institution.text(l))),
                                .th(.class("num"), .text(l == .lo ? "ເປັນເຈົ້າຂອງ" : "Owns")),
                                .th(.class("num"), .text(l == .lo ? "ລາຍງານ" : "Reports")),
                                .th(.class("num"), .text(l == .lo ? "ປະກອບສ່ວນ" : "Contributes"))
                            )
                        ),
                        .tbody(
                            .forEach(overview.rows) { row in
                                .tr(
                                    .td(
                                        .a(
                                            .href(SitePath(language: l, page: .handbook(row.institution)).path),
                                            .text(institutionNames[row.institution]?.text(in: l) ?? row.institution)
                                        )
                                    ),
                                    .td(.class("num"), .text(String(row.owns))),
                                    .td(.class("num"), .text(String(row.reports))),
                                    .td(.class("num"), .text(String(row.contributes)))
                                )
                            }
                        )
                    )
                )
            )
        )
    }

    /// An SVG flow diagram, drawn on the server (no script).
    func diagram() -> String {
        let owners = Array(Set(overview.flows.map(\.owner))).sorted()
        let reporters = Array(Set(overview.flows.map(\.reporter))).sorted()
        let rowHeight = 26.0
        let height = max(Double(max(owners.count, reporters.count)) * rowHeight + 20, 80)
        let (x1, x2, x3) = (150.0, 430.0, 660.0)
        func y(_ index: Int, of count: Int) -> Double {
            (height - Double(count) * rowHeight) / 2 + Double(index) * rowHeight + rowHeight / 2
        }
        var svg =
            "<svg viewBox=\"0 0 860 \(Int(height))\" role=\"img\" aria-label=\"\(Escape.attribute(language == .lo ? "ແຜນວາດການລາຍງານ" : "Reporting flows"))\" class=\"flow-diagram\">"
        let secretariatY = height / 2
        for flow in overview.flows {
            guard let o = owners.firstIndex(of: flow.owner), let r = reporters.firstIndex(of: flow.reporter) else { continue }
            let width = min(1 + Double(flow.indicators.count) * 0.6, 14)
            svg +=
                "<path d=\"M\(x1) \(y(o, of: owners.count)) C\(x1 + 140) \(y(o, of: owners.count)) \(x2 - 140) \(y(r, of: reporters.count)) \(x2) \(y(r, of: reporters.count))\" stroke-width=\"\(width)\"><title>\(Escape.attribute("\(flow.owner) → \(flow.reporter): \(flow.indicators.joined(separator: ", "))"))</title></path>"
        }
        for (index, reporter) in reporters.enumerated() {
            svg +=
                "<path d=\"M\(x2) \(y(index, of: reporters.count)) C\(x2 + 120) \(y(index, of: reporters.count)) \(x3 - 120) \(secretariatY) \(x3) \(secretariatY)\" stroke-width=\"2\" class=\"to-secretariat\"><title>\(Escape.attribute(reporter))</title></path>"
        }
        for (index, owner) in owners.enumerated() {
            svg += "<text x=\"\(x1 - 6)\" y=\"\(y(index, of: owners.count) + 4)\" text-anchor=\"end\">\(Escape.attribute(owner))</text>"
        }
        for (index, reporter) in reporters.enumerated() {
            svg += "<text x=\"\(x2 + 6)\" y=\"\(y(index, of: reporters.count) - 4)\">\(Escape.attribute(reporter))</text>"
        }
        svg +=
            "<text x=\"\(x3 + 6)\" y=\"\(secretariatY + 4)\">\(Escape.attribute(language == .lo ? "ກອງເລຂາ (MOFA)" : "Secretariat (MOFA)"))</text>"
        return svg + "</svg>"
    }
}
