import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/institutions`: ministries, agencies and mass organisations, with their validity and
/// successors (the 2025 restructuring merged 17 ministries into 13), by name in the page's order
/// (Lao collation on Lao pages).
public struct InstitutionsPage: Sendable {
    public var language: PasanDomain.Language
    public var institutions: [Institution]
    public var successions: [InstitutionSuccession]

    public init(language: PasanDomain.Language, institutions: [Institution], successions: [InstitutionSuccession]) {
        self.language = language
        self.institutions = institutions
        self.successions = successions
    }

    public func render() -> String {
        let l = language
        let layout = Layout(title: UIText.institutions.text(l), description: UIText.institutions.text(l), path: .institutions(l))
        let names = Dictionary(institutions.map { ($0.code, $0.abbreviation.en) }, uniquingKeysWith: { a, _ in a })
        return layout.render(
            .div(
                .class("wrap"),
                .h1(.text(UIText.institutions.text(l))),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(UIText.abbreviation.text(l))),
                                .th(.text(UIText.name.text(l))),
                                .th(.text(UIText.kind.text(l))),
                                .th(.text(UIText.validFrom.text(l))),
                                .th(.text(UIText.validTo.text(l))),
                                .th(.text(UIText.successors.text(l)))
                            )
                        ),
                        .tbody(
                            .forEach(institutions.sortedByName(in: l) { $0.name.text(in: l) }) { i in
                                let next = successions.filter { $0.predecessor == i.code }
                                return .tr(
                                    .class(i.validTo == nil ? "" : "former"),
                                    .td(.text(i.abbreviation.text(in: l))),
                                    .td(Fragments.localized(i.name, l)),
                                    .td(.text(i.kind.rawValue.replacingOccurrences(of: "_", with: " "))),
                                    .td(Fragments.date(i.validFrom, l)),
                                    .td(Fragments.date(i.validTo, l)),
                                    .td(
                                        .text(
                                            next.map {
                                                "\(names[$0.successor] ?? $0.successor) (\($0.kind.rawValue.replacingOccurrences(of: "_", with: " ")))"
                                            }.joined(separator: ", ")
                                        )
                                    )
                                )
                            }
                        )
                    )
                )
            )
        )
    }
}

/// `/{lang}/about/data`: where the shipped reference data comes from and under which licence.
public struct DataSourcesPage: Sendable {
    public var language: PasanDomain.Language
    public var attributions: [Attribution]

    public init(language: PasanDomain.Language, attributions: [Attribution]) {
        self.language = language
        self.attributions = attributions
    }

    public func render() -> String {
        let l = language
        let layout = Layout(title: UIText.dataSources.text(l), description: UIText.dataSources.text(l), path: .dataSources(l))
        return layout.render(
            .div(
                .class("wrap"),
                .h1(.text(UIText.dataSources.text(l))),
                .p(
                    .text(
                        l.t("portal.dataSources.machineTranslation")
                    )
                ),
                .table(
                    .thead(.tr(.th(.text(UIText.file.text(l))), .th(.text(UIText.source.text(l))), .th(.text(UIText.licence.text(l))))),
                    .tbody(.forEach(attributions) { a in .tr(.td(.code(.text(a.file))), .td(.text(a.source)), .td(.text(a.licence))) })
                ),
                .p(.text("Noto Sans Lao: SIL Open Font License 1.1, © Google."))
            )
        )
    }
}

/// The 404 page, in the language of the address that was asked for.
public struct NotFoundPage: Sendable {
    public var language: PasanDomain.Language

    public init(language: PasanDomain.Language) {
        self.language = language
    }

    public func render() -> String {
        let l = language
        let layout = Layout(title: UIText.notFoundTitle.text(l), description: UIText.notFoundTitle.text(l), path: .home(l))
        return layout.render(
            .div(
                .class("wrap not-found"),
                .h1(.text(UIText.notFoundTitle.text(l))),
                .p(.text(UIText.notFoundBody.text(l))),
                .p(.a(.href(SitePath.home(l).path), .text(UIText.backHome.text(l))))
            )
        )
    }
}

/// What a request gets while the database cannot be reached (503): the node recovers by itself
/// when the database is back, so the reader is asked to try again shortly.
public struct UnavailablePage: Sendable {
    public var language: PasanDomain.Language

    public init(language: PasanDomain.Language) {
        self.language = language
    }

    public func render() -> String {
        let l = language
        let layout = Layout(title: UIText.unavailableTitle.text(l), description: UIText.unavailableTitle.text(l), path: .home(l))
        return layout.render(
            .div(
                .class("wrap not-found"),
                .h1(.text(UIText.unavailableTitle.text(l))),
                .p(.text(UIText.unavailableBody.text(l)))
            )
        )
    }
}
