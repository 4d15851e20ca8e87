import Foundation
import PasanDomain
import PasanMessages

/// A value of a plan indicator for a year: the value, its source, and why it is entered or
/// corrected (every change is a revision with who, when and why).
struct PlanValueForm: Sendable, Hashable {
    var year: Int
    var value: Double
    var source: String?
    var reason: String

    static func decode(_ form: FormData, plan: DevelopmentPlan) -> Result<PlanValueForm, FormProblems> {
        var reader = FormReader(form)
        let year = reader.required("year", { Int($0) }, else: Message("plans_web.form.year"))
        let value = reader.required("value", { Double($0.replacingOccurrences(of: ",", with: "")) }, else: Message("plans_web.form.value"))
        let reason = reader.required("reason", else: Message("plans_web.form.reason"))
        if let year, !(1990...2100).contains(year) { reader.refuse(Message("plans_web.form.year")) }
        guard let year, let value, let reason else { return reader.result(nil) }
        return reader.result(PlanValueForm(year: year, value: value, source: reader.optional("source"), reason: reason))
    }
}

/// A target set, revised or removed: year, kind, value (none to remove) and the reason.
struct PlanTargetForm: Sendable, Hashable {
    var target: PlanTarget
    var remove: Bool
    var reason: String

    static func decode(_ form: FormData, plan: DevelopmentPlan) -> Result<PlanTargetForm, FormProblems> {
        var reader = FormReader(form)
        let year = reader.required("year", { Int($0) }, else: Message("plans_web.form.year"))
        let kind = reader.required("kind", PlanTargetKind.init(rawValue:), else: Message("plans_web.form.targetKind"))
        let reason = reader.required("reason", else: Message("plans_web.form.reason"))
        let remove = reader.optional("remove") != nil
        let value = reader.optional("value", { Double($0.replacingOccurrences(of: ",", with: "")) })
        if !remove && value == nil { reader.refuse(Message("plans_web.form.value")) }
        if let year, let kind {
            // The plan's period bounds its targets; a milestone may lie after it (UHC by 2025 in a
            // plan ending 2025, an SDG milestone beyond), never before its start.
            let inPeriod = kind == .milestone ? year >= plan.startYear : plan.years.contains(year)
            if !inPeriod {
                reader.refuse(
                    Message("plans_web.form.targetYear", ["start": .number(plan.startYear), "end": .number(plan.endYear)])
                )
            }
            if kind == .endOfPlan && year != plan.endYear {
                reader.refuse(Message("plans_web.form.endOfPlanYear", ["end": .number(plan.endYear)]))
            }
        }
        guard let year, let kind, let reason else { return reader.result(nil) }
        return reader.result(PlanTargetForm(target: PlanTarget(year: year, value: value ?? 0, kind: kind), remove: remove, reason: reason))
    }
}

/// A mainstreaming decision: the SDG indicator, now / later / not relevant, and the reason in
/// the national policy space.
struct MainstreamingForm: Sendable, Hashable {
    var sdgIndicator: String
    var choice: MainstreamingChoice
    var reason: String

    static func decode(_ form: FormData, catalog: FrameworkCatalog) -> Result<MainstreamingForm, FormProblems> {
        var reader = FormReader(form)
        let indicator = reader.required("sdg_indicator", { catalog.indicator($0)?.code }, else: Message("plans_web.form.sdgIndicator"))
        let choice = reader.required("choice", MainstreamingChoice.init(rawValue:), else: Message("plans_web.form.choice"))
        let reason = reader.required("reason", else: Message("plans_web.form.reason"))
        guard let indicator, let choice, let reason else { return reader.result(nil) }
        return reader.result(MainstreamingForm(sdgIndicator: indicator, choice: choice, reason: reason))
    }
}

/// A plan file (CSV or XLSX) and why it is imported.
struct PlanImportForm: Sendable {
    var file: FormData.File
    var reason: String

    static func decode(_ form: FormData) -> Result<PlanImportForm, FormProblems> {
        var reader = FormReader(form)
        let reason = reader.optional("reason") ?? ""
        guard let file = form.files["file"], !file.data.isEmpty else {
            reader.refuse(Message("plans_web.form.chooseFile"))
            return reader.result(nil)
        }
        return reader.result(PlanImportForm(file: file, reason: reason))
    }
}
