import Foundation
import PasanDomain

/// How an indicator's progress is measured, as the Secretariat or LSB submits it: decoded into
/// a `ProgressConfiguration`, or every problem with its message (the page lists them all).
struct ProgressConfigForm {
    var configuration: ProgressConfiguration

    static func decode(_ form: FormData, indicator: String) -> Result<ProgressConfigForm, FormProblems> {
        var problems: [LocalizedText] = []
        func number(_ name: String) -> Double? {
            guard let text = form.value(name) else { return nil }
            if let v = Double(text), v.isFinite { return v }
            let shown = TidyIssue.echo(text)
            problems.append(.bilingual(en: "\(name): \"\(shown)\" — expected a number", lo: "\(name): \"\(shown)\" — ຕ້ອງເປັນຕົວເລກ"))
            return nil
        }
        let series = form.value("series") ?? ""
        let direction = form.value("direction").flatMap { Int($0) }
        let baseYear = form.value("base_year").flatMap { Int($0) }
        let targetYear = form.value("target_year").flatMap { Int($0) }
        let override = form.value("override").flatMap(ProgressStatus.init(rawValue:))
        if series.isEmpty { problems.append(.bilingual(en: "Choose the series.", lo: "ເລືອກຊຸດຂໍ້ມູນ.")) }
        if direction != 1 && direction != -1 { problems.append(.bilingual(en: "Choose the direction.", lo: "ເລືອກທິດທາງ.")) }
        if baseYear == nil || targetYear == nil || (baseYear ?? 0) >= (targetYear ?? 0) {
            problems.append(.bilingual(en: "The base year must come before the target year.", lo: "ປີຖານຕ້ອງມາກ່ອນປີຄາດໝາຍ."))
        }
        if override != nil && form.value("justification") == nil {
            problems.append(.bilingual(en: "A manual override needs its justification.", lo: "ການກຳນົດດ້ວຍມືຕ້ອງມີເຫດຜົນ."))
        }
        let target = number("target"), limit = number("limit")
        guard problems.isEmpty, let direction, let baseYear, let targetYear else { return .failure(FormProblems(problems)) }
        return .success(
            ProgressConfigForm(
                configuration: ProgressConfiguration(
                    indicator: indicator,
                    series: series,
                    baseYear: baseYear,
                    targetYear: targetYear,
                    target: target,
                    direction: direction,
                    limit: limit,
                    overrideStatus: override,
                    overrideJustification: form.value("justification"),
                    note: form.value("note")
                )
            )
        )
    }
}
