import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/chains/{id}/units/{area}/form`: the printable A4 paper form of a unit, with its
/// codes (area code, chain id, form and field codes) and empty boxes, so a village without
/// connectivity fills it on paper and a district officer types it in on the unit page.
public struct ChainPaperFormPage: Sendable {
    public var language: PasanDomain.Language
    public var chain: ReportingChain
    public var area: String
    public var areaName: LocalizedText?
    /// The unit it is sent to (`nil`: the centre).
    public var parentName: LocalizedText?

    public init(language: PasanDomain.Language, chain: ReportingChain, area: String, areaName: LocalizedText?, parentName: LocalizedText?) {
        self.language = language
        self.chain = chain
        self.area = area
        self.areaName = areaName
        self.parentName = parentName
    }

    public func render() -> String {
        let l = language
        let id = chain.id ?? 0
        let level = ChainAreas.level(of: area)
        let name = areaName?.text(in: l) ?? area
        return Layout(
            title: l.t("chains.paper.title", ["unit": .text(name)]),
            description: chain.title.text(in: l),
            path: SitePath(language: l, page: .chainUnitForm(id, area))
        ).render(
            .div(
                .class("wrap chain-paper"),
                .h1(Fragments.localized(chain.title, l), .text(" \(chain.year)")),
                .if(chain.isIllustrative, ChainParts.illustrative(l)),
                .table(
                    .class("chain-codes"),
                    .tbody(
                        .tr(.th(.text(l.t("chains.paper.unit"))), .td(.text(name))),
                        .tr(.th(.text(l.t("chains.paper.areaCode"))), .td(.class("code"), .text(area))),
                        .tr(.th(.text(l.t("chains.paper.chain"))), .td(.class("code"), .text("CHAIN-\(id)"))),
                        .tr(.th(.text(l.t("chains.paper.sendTo"))), .td(.text(parentName?.text(in: l) ?? ChainParts.levelName(nil, l)))),
                        .tr(.th(.text(l.t("chains.col.deadline"))), .td(.text(ChainParts.deadline(level.flatMap(chain.level), l))))
                    )
                ),
                .p(.text(l.t("chains.paper.how"))),
                .forEach(chain.forms) { form in
                    .section(
                        .class("chain-paper-form"),
                        .h2(Fragments.localized(form.title, l), .text(" "), .span(.class("code"), .text(form.code))),
                        .table(
                            .tbody(
                                .forEach(form.fields) { field in
                                    .tr(
                                        .td(.class("code"), .text("\(form.code).\(field.code)")),
                                        .td(Fragments.localized(field.title, l)),
                                        .td(.class("chain-box"), .text(" "))
                                    )
                                }
                            )
                        )
                    )
                },
                .table(
                    .class("chain-codes"),
                    .tbody(
                        .tr(.th(.text(l.t("chains.paper.filledBy"))), .td(.class("chain-box"), .text(" "))),
                        .tr(.th(.text(l.t("chains.paper.date"))), .td(.class("chain-box"), .text(" "))),
                        .tr(.th(.text(l.t("chains.paper.typedBy"))), .td(.class("chain-box"), .text(" ")))
                    )
                )
            )
        )
    }
}

/// `/{lang}/admin/chains/new`: the owner or the Secretariat sets up a chain — owner, title,
/// year, the SDG indicator and series it feeds, an area to limit it to, up to three levels from
/// the bottom up with their deadlines, and the forms' fields, one line each.
public struct ChainNewPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    /// The institutions the reader may set up a chain for: code and name.
    public var owners: [(String, String)]
    /// The fields as last sent (a refused form is shown again as typed).
    public var fields: [String: String]

    public init(language: PasanDomain.Language, session: PageSession, owners: [(String, String)], fields: [String: String] = [:]) {
        self.language = language
        self.session = session
        self.owners = owners
        self.fields = fields
    }

    public func render() -> String {
        let l = language
        let title = l.t("chains.new.title")
        let levels = [
            ("", "—"), ("village", ChainParts.levelName(.village, l)), ("district", ChainParts.levelName(.district, l)),
            ("province", ChainParts.levelName(.province, l)),
        ]
        return Layout(title: title, description: title, path: SitePath(language: l, page: .chainNew)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .chainNew).path),
                    FormParts.csrf(session.csrfToken),
                    FormParts.select(l.t("chains.new.owner"), name: "owner", options: owners, selected: fields["owner"]),
                    FormParts.field(l.t("chains.new.titleEn"), name: "title_en", value: fields["title_en"] ?? "", required: true),
                    FormParts.field(l.t("chains.new.titleLo"), name: "title_lo", value: fields["title_lo"] ?? ""),
                    FormParts.field(l.t("chains.new.year"), name: "year", value: fields["year"] ?? "", type: "number", required: true),
                    FormParts.field(l.t("chains.new.indicator"), name: "indicator", value: fields["indicator"] ?? ""),
                    FormParts.field(l.t("chains.new.series"), name: "series", value: fields["series"] ?? ""),
                    FormParts.field(
                        l.t("chains.new.scope"),
                        name: "scope",
                        value: fields["scope"] ?? "",
                        hint: l.t("chains.new.scopeHint")
                    ),
                    .fieldset(
                        .element(named: "legend", text: l.t("chains.new.levels")),
                        .forEach([1, 2, 3]) { n in
                            .group(
                                FormParts.select(
                                    l.t("chains.new.level", ["n": .text(String(n))]),
                                    name: "level\(n)",
                                    options: levels,
                                    selected: fields["level\(n)"]
                                ),
                                FormParts.field(
                                    l.t("chains.new.deadline", ["n": .text(String(n))]),
                                    name: "deadline\(n)",
                                    value: fields["deadline\(n)"] ?? "",
                                    type: "date"
                                )
                            )
                        }
                    ),
                    .div(
                        .class("field"),
                        .label(.for("f-fields"), .text(l.t("chains.new.fields"))),
                        .textarea(.name("fields"), .id("f-fields"), .attribute(named: "rows", value: "8"), .text(fields["fields"] ?? "")),
                        .small(.class("hint"), .text(l.t("chains.new.fieldsHint")))
                    ),
                    FormParts.submit(l.t("chains.new.create"))
                )
            )
        )
    }
}
