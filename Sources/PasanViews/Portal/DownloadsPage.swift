import PasanDomain
import Plot

/// `/{lang}/downloads`: all published data as one zip, each indicator's values as tidy CSV, and
/// where the JSON API is.
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

    /// The API's entry points, with what each answers.
    static let api: [(path: String, en: String, lo: String)] = [
        ("/api/v1/goals", "the 18 goals", "18 ເປົ້າໝາຍ"),
        ("/api/v1/targets?goal=3", "targets, by goal", "ຄາດໝາຍ, ຕາມເປົ້າໝາຍ"),
        ("/api/v1/indicators?limit=50", "indicators, filtered and paginated", "ຕົວຊີ້ວັດ, ກັ່ນຕອງ ແລະ ແບ່ງໜ້າ"),
        ("/api/v1/indicators/3.1.2/data", "the published values of one indicator", "ຄ່າທີ່ເຜີຍແຜ່ແລ້ວ ຂອງຕົວຊີ້ວັດໜຶ່ງ"),
        ("/api/v1/progress?level=goal", "progress against the 2015 baseline", "ຄວາມຄືບໜ້າທຽບກັບປີພື້ນຖານ 2015"),
        ("/api/v1/areas?level=province", "provinces, districts, villages", "ແຂວງ, ເມືອງ, ບ້ານ"),
        ("/api/v1/institutions", "institutions and their successors", "ອົງການ ແລະ ຜູ້ສືບທອດ"),
        ("/api/v1/assignments", "who owns and reports each indicator", "ໃຜເປັນເຈົ້າຂອງ ແລະ ລາຍງານແຕ່ລະຕົວຊີ້ວັດ"),
        ("/api/v1/cycles", "reporting cycles, their schedule and timeliness", "ຮອບການລາຍງານ, ກຳນົດເວລາ ແລະ ຄວາມທັນເວລາ"),
    ]

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ດາວໂຫຼດຂໍ້ມູນ" : "Data downloads"
        let lead =
            l == .lo
            ? "ຂໍ້ມູນ SDG ທີ່ເຜີຍແຜ່ແລ້ວທັງໝົດ ເປັນ CSV ແບບ tidy (ຕາມແບບ Open SDG: ປີກ່ອນ, ຄ່າສຸດທ້າຍ, ການຈຳແນກຫວ່າງ = ຍອດລວມ)."
            : "Every published SDG value as tidy CSV (Open SDG conventions: Year first, Value last, blank breakdown = total)."
        return Layout(title: title, description: lead, path: SitePath(language: l, page: .downloads)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(.class("lead"), .text(lead)),
                .section(
                    .h2(.text(l == .lo ? "ທັງໝົດໃນໄຟລ໌ດຽວ" : "Everything in one file")),
                    .p(
                        .a(
                            .href(Self.zipPath),
                            .text(
                                l == .lo
                                    ? "pasan-data.zip: ທຸກຕົວຊີ້ວັດ, ໜຶ່ງໄຟລ໌ CSV ຕໍ່ຕົວຊີ້ວັດ" : "pasan-data.zip: every indicator, one CSV file each"
                            )
                        )
                    ),
                    .p(
                        .text(
                            l == .lo
                                ? "GeoCode: ລະຫັດເຂດຂອງ ສຖຕ (ຫວ່າງ = ທົ່ວປະເທດ). ຄ່າຕົວຢ່າງໝາຍໄວ້ວ່າເປັນຕົວຢ່າງ."
                                : "GeoCode: Lao Statistics Bureau area codes (blank = national). Demo values are marked illustrative."
                        )
                    )
                ),
                .section(
                    .h2(.text(l == .lo ? "ແຕ່ລະຕົວຊີ້ວັດ (CSV)" : "Each indicator (CSV)")),
                    .if(indicators.isEmpty, .p(.text(l == .lo ? "ຍັງບໍ່ມີຂໍ້ມູນທີ່ເຜີຍແຜ່." : "No data has been published yet."))),
                    .if(
                        !indicators.isEmpty,
                        .div(
                            .class("table-scroll"),
                            .table(
                                .thead(.tr(.th(.text(UIText.indicators.text(l))), .th(.text(UIText.name.text(l))), .th(.text("CSV")))),
                                .tbody(
                                    .forEach(indicators) { i in
                                        .tr(
                                            .td(.a(.href(SitePath.indicator(l, i.code).path), .text(i.code))),
                                            .td(Fragments.localized(i.title, l)),
                                            .td(.a(.href(SitePath(language: l, page: .indicatorData(i.code)).path), .text("data.csv")))
                                        )
                                    }
                                )
                            )
                        )
                    )
                ),
                .section(
                    .h2(.text(l == .lo ? "API (JSON)" : "API (JSON)")),
                    .p(
                        .text(
                            l == .lo
                                ? "ທຸກຂໍ້ຄວາມມີທັງພາສາລາວ ແລະ ອັງກິດ; ລາຍການແບ່ງໜ້າດ້ວຍ limit ແລະ offset."
                                : "Every text carries Lao and English; lists are paginated with limit and offset."
                        )
                    ),
                    .ul(
                        .forEach(Self.api) { entry in
                            .li(
                                .a(.href(Escape.attribute(entry.path)), .code(.text(entry.path))),
                                .text(" — " + (l == .lo ? entry.lo : entry.en))
                            )
                        }
                    )
                ),
                .p(.a(.href(SitePath.dataSources(l).path), .text(l == .lo ? "ແຫຼ່ງຂໍ້ມູນ ແລະ ໃບອະນຸຍາດ" : "Data sources and licences")))
            )
        )
    }
}
