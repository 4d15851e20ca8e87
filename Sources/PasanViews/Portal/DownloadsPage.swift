import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/downloads`: all published data as one zip, each indicator's values as tidy CSV and as
/// an Excel workbook, and where the JSON API is.
public struct DownloadsPage: Sendable {
    public var language: PasanDomain.Language
    /// The indicators with published values, in framework order.
    public var indicators: [Indicator]

    public init(language: PasanDomain.Language, indicators: [Indicator]) {
        self.language = language
        self.indicators = indicators
    }

    /// The zip of every published value (served by the portal routes).
    public static let zipPath = "/downloads/pasan-data.zip"

    /// The same data as an Open SDG data repository (`pasan export open-sdg`, zipped).
    public static let openSDGPath = "/downloads/pasan-open-sdg.zip"

    /// The API's entry points, with what each answers.
    static let api: [(path: String, text: Message)] = [
        ("/api/v1/goals", Message("portal.downloads.apiEntry.goals")),
        ("/api/v1/targets?goal=3", Message("portal.downloads.apiEntry.targets")),
        ("/api/v1/indicators?limit=50", Message("portal.downloads.apiEntry.indicators")),
        ("/api/v1/indicators/3.1.2/data", Message("portal.downloads.apiEntry.indicatorData")),
        ("/api/v1/progress?level=goal", Message("portal.downloads.apiEntry.progress")),
        ("/api/v1/areas?level=province", Message("portal.downloads.apiEntry.areas")),
        ("/api/v1/institutions", Message("portal.downloads.apiEntry.institutions")),
        ("/api/v1/assignments", Message("portal.downloads.apiEntry.assignments")),
        ("/api/v1/cycles", Message("portal.downloads.apiEntry.cycles")),
    ]

    public func render() -> String {
        let l = language
        let title = l.t("portal.downloads.title")
        let lead =
            l.t("portal.downloads.lead")
        return Layout(title: title, description: lead, path: SitePath(language: l, page: .downloads)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(.class("lead"), .text(lead)),
                .section(
                    .h2(.text(l.t("portal.downloads.everything"))),
                    .p(
                        .a(
                            .href(Self.zipPath),
                            .text(
                                l.t("portal.downloads.zip")
                            )
                        )
                    ),
                    .p(
                        .text(
                            l.t("portal.downloads.geoCode")
                        )
                    ),
                    .p(.a(.href(Self.openSDGPath), .text(l.t("opensdg_export.downloads.link"))))
                ),
                .section(
                    .h2(.text(l.t("portal.downloads.eachIndicator"))),
                    .if(indicators.isEmpty, .p(.text(l.t("portal.downloads.noData")))),
                    .if(
                        !indicators.isEmpty,
                        .div(
                            .class("table-scroll"),
                            .table(
                                .thead(
                                    .tr(
                                        .th(.text(UIText.indicators.text(l))),
                                        .th(.text(UIText.name.text(l))),
                                        .th(.text("CSV")),
                                        .th(.text("Excel"))
                                    )
                                ),
                                .tbody(
                                    .forEach(indicators) { i in
                                        .tr(
                                            .td(.a(.href(SitePath.indicator(l, i.code).path), .text(i.code))),
                                            .td(Fragments.localized(i.title, l)),
                                            .td(.a(.href(SitePath(language: l, page: .indicatorData(i.code)).path), .text("data.csv"))),
                                            .td(
                                                .a(
                                                    .href(SitePath(language: l, page: .indicatorDataWorkbook(i.code)).path),
                                                    .text("data.xlsx")
                                                )
                                            )
                                        )
                                    }
                                )
                            )
                        )
                    )
                ),
                .section(
                    .h2(.text(l.t("portal.downloads.api"))),
                    .p(
                        .text(
                            l.t("portal.downloads.apiTexts")
                        )
                    ),
                    .ul(
                        .forEach(Self.api) { entry in
                            .li(
                                .a(.href(Escape.attribute(entry.path)), .code(.text(entry.path))),
                                .text(" — " + entry.text.text(in: l))
                            )
                        }
                    )
                ),
                .p(.a(.href(SitePath.dataSources(l).path), .text(UIText.dataSources.text(l))))
            )
        )
    }
}
