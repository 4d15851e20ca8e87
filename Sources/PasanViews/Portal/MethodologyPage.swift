import PasanDomain
import Plot

/// `/{lang}/methodology`: how progress is computed, in both languages, with the parts of the
/// ESCAP method that are not confirmed marked as such.
public struct MethodologyPage: Sendable {
    public var language: PasanDomain.Language

    public init(language: PasanDomain.Language) {
        self.language = language
    }

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ວິທີການປະເມີນຄວາມຄືບໜ້າ" : "How progress is assessed"
        let statuses = ProgressStatus.allCases
        return Layout(title: title, description: title, path: SitePath(language: l, page: .methodology)).render(
            .article(
                .class("wrap narrow-text"),
                .h1(.text(title)),
                .h2(.text(l == .lo ? "ວິທີຂອງ Open SDG / ສະຖິຕິການາດາ" : "The Open SDG / Statistics Canada method")),
                .p(
                    .text(
                        l == .lo
                            ? "ສຳລັບແຕ່ລະຊຸດຂໍ້ມູນ, ປະສານ ປຽບທຽບຄ່າຫຼ້າສຸດກັບຄ່າປີຖານ (2015 ຫຼື ປີທຳອິດຫຼັງຈາກນັ້ນ). ເມື່ອມີຄາດໝາຍເປັນຕົວເລກ, ອັດຕາການປ່ຽນແປງສະເລ່ຍຕໍ່ປີທີ່ເກີດຂຶ້ນແມ່ນຖືກປຽບທຽບກັບອັດຕາທີ່ຕ້ອງການເພື່ອບັນລຸຄາດໝາຍໃນປີ 2030; ຖ້າບໍ່ມີຄາດໝາຍ, ອັດຕາການປ່ຽນແປງເອງຖືກປຽບທຽບກັບເກນ 1.5% ແລະ 0.5% ຕໍ່ປີ."
                            : "For each series, Pasan compares the latest value with the base-year value (2015, or the first year after it). With a numeric target, the average yearly rate of change achieved is compared with the rate needed to reach the target by 2030; without one, the rate itself is compared with thresholds of 1.5 % and 0.5 % a year, scaled down near a natural limit."
                    )
                ),
                .p(
                    .text(
                        l == .lo
                            ? "ຖ້າຄ່າຫຼ້າສຸດບັນລຸຄາດໝາຍແລ້ວ, ສະຖານະແມ່ນ “ບັນລຸຄາດໝາຍແລ້ວ”. ຄະແນນແຕ່ −5 ຫາ +5 ສະຫຼຸບຜົນ; ຕົວຊີ້ວັດເອົາຄ່າສະເລ່ຍຂອງຊຸດຂໍ້ມູນ, ຄາດໝາຍ ແລະ ເປົ້າໝາຍເອົາຄ່າສະເລ່ຍຂອງລຸ່ມລົງ."
                            : "When the latest value already meets the target, the status is “target achieved”. A score from −5 to +5 summarises the result; an indicator takes the mean of its series, and targets and goals the mean of what is below them."
                    )
                ),
                .table(
                    .thead(.tr(.th(.text(UIText.status.text(l))), .th(.text(l == .lo ? "ຄະແນນ" : "Score")))),
                    .tbody(
                        .forEach(statuses) { s in
                            .tr(.td(.text(s.title.text(in: l))), .td(.text(Self.band(s))))
                        }
                    )
                ),
                .p(
                    .text(
                        l == .lo
                            ? "ຄ່າຖານ ຫຼື ຄາດໝາຍເທົ່າກັບ 0 ຖືກແທນດ້ວຍ 0.001; ຊຸດທີ່ມີພຽງຈຸດດຽວບອກໄດ້ພຽງວ່າບັນລຸຄາດໝາຍແລ້ວຫຼືບໍ່."
                            : "A base or target of 0 is replaced by 0.001; a series with a single point can only say whether the target is met."
                    )
                ),
                .h2(.text(l == .lo ? "ດັດຊະນີ SDSN" : "The SDSN index")),
                .p(
                    .text(
                        l == .lo
                            ? "ແຕ່ລະຕົວຊີ້ວັດຖືກປັບເປັນ 0–100 ລະຫວ່າງຂອບເຂດດີທີ່ສຸດ ແລະ ຮ້າຍທີ່ສຸດ; ຄະແນນເປົ້າໝາຍແມ່ນຄ່າສະເລ່ຍ (ສະບັບ SDR 2019)."
                            : "Each indicator is rescaled to 0–100 between its best and worst bounds; a goal's score is the mean (edition SDR 2019)."
                    )
                ),
                .h2(.text(l == .lo ? "ESCAP: ດັດຊະນີສະຖານະ ແລະ ຄວາມຄືບໜ້າທີ່ຄາດໄວ້" : "ESCAP: current status and anticipated progress")),
                .p(
                    .class("notice"),
                    .text(
                        l == .lo
                            ? "ບໍ່ທັນຢືນຢັນ: ສູດຂອງ ESCAP ທີ່ໃຊ້ຢູ່ນີ້ມາຈາກແຫຼ່ງຂັ້ນສອງ ແລະ ຍັງບໍ່ໄດ້ກວດກັບເອກະສານທາງການ (ສະບັບ escap-2017-2026-draft)."
                            : "Unconfirmed: the ESCAP formulas used here come from secondary sources and have not been checked against the official document (edition escap-2017-2026-draft)."
                    )
                ),
                .p(.text("CSI = d · (xt − x0) / |x* − x0| (≤ 1); P = d · (x̂2030 − x0) / |x* − x0|, x̂2030 = xt · (1 + CAGR)^(2030 − t).")),
                .p(.text(l == .lo ? "ທຸກຜົນບັນທຶກວິທີ ແລະ ສະບັບທີ່ໃຊ້." : "Every stored result records the method and edition that produced it."))
            )
        )
    }

    static func band(_ status: ProgressStatus) -> String {
        switch status {
        case .targetAchieved: "5"
        case .substantialProgress: "2.5 … 5"
        case .moderateProgress: "0 … 2.5"
        case .limitedProgress: "−2.5 … 0"
        case .deterioration: "−5 … −2.5"
        case .notAvailable: "—"
        }
    }
}
