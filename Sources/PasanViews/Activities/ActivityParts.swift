import PasanDomain
import Plot

/// Pieces shared by the activity pages (`docs/villages.md`).
enum ActivityParts {
    static func statusLabel(_ status: ActivityStatus, _ l: Lang) -> String {
        switch status {
        case .pipeline: l.t("activities.status.pipeline")
        case .implementation: l.t("activities.status.implementation")
        case .finalisation: l.t("activities.status.finalisation")
        case .closed: l.t("activities.status.closed")
        case .cancelled: l.t("activities.status.cancelled")
        case .suspended: l.t("activities.status.suspended")
        }
    }

    static func statusBadge(_ status: ActivityStatus, _ l: Lang) -> BodyNode {
        .span(.class("activity-status activity-status-\(status.rawValue)"), .text(statusLabel(status, l)))
    }

    static func matchLabel(_ match: LocationMatchKind, _ l: Lang) -> String {
        switch match {
        case .code: l.t("activities.match.code")
        case .alias: l.t("activities.match.alias")
        case .point: l.t("activities.match.point")
        case .name: l.t("activities.match.name")
        }
    }

    static func locationStatusLabel(_ status: LocationStatus, _ l: Lang) -> String {
        switch status {
        case .confirmed: l.t("activities.place.confirmed")
        case .proposed: l.t("activities.place.proposed")
        case .declined: l.t("activities.place.declined")
        }
    }

    static func levelLabel(_ level: AreaLevel, _ l: Lang) -> String {
        switch level {
        case .country: l.t("activities.level.country")
        case .province: l.t("activities.level.province")
        case .district: l.t("activities.level.district")
        case .village: l.t("activities.level.village")
        }
    }

    /// `2024-01-01 – 2027-12-31`, with an open end or start shown as such.
    static func period(_ start: LocalDate?, _ end: LocalDate?, _ l: Lang) -> String {
        switch (start, end) {
        case (nil, nil): "—"
        case (let s?, nil): l.t("activities.period.from", ["start": .date(s)])
        case (nil, let e?): l.t("activities.period.until", ["end": .date(e)])
        case (let s?, let e?): l.t("activities.period.between", ["start": .date(s), "end": .date(e)])
        }
    }

    /// An organisation's name: a Pasan institution's name, else the name the record gives.
    static func organisation(_ o: ActivityOrganisation, names: [String: LocalizedText], _ l: Lang) -> Node<HTML.BodyContext> {
        if let code = o.institution, let name = names[code] {
            return .group(Fragments.localized(name, l), .text(" "), .small(.class("code"), .text(code)))
        }
        return Fragments.localized(o.name, l)
    }

    /// An area's name with its code (the code alone when the name is not known).
    static func place(_ code: String, names: [String: LocalizedText], _ l: Lang) -> Node<HTML.BodyContext> {
        .group(
            .a(.href(SitePath(language: l, page: .place(code)).path), .text(names[code]?.text(in: l) ?? code)),
            .text(" "),
            .small(.class("code"), .text(code))
        )
    }

    static func illustrativeMark(_ l: Lang) -> BodyNode {
        Fragments.mark(l.t("activities.illustrative.mark"), title: l.t("activities.illustrative.long"))
    }

    static func illustrativeNotice(_ l: Lang) -> BodyNode {
        .p(.class("notice activity-illustrative-notice"), .text(l.t("activities.illustrative.notice")))
    }

    /// The SDG codes an activity serves, as a short list.
    static func sdgCodes(_ a: Activity) -> String {
        let codes = a.sdgGoals.map { String($0) } + a.sdgTargets + a.sdgIndicators
        return codes.isEmpty ? "—" : codes.joined(separator: ", ")
    }

    static func breadcrumbs(_ trail: [(String, String?)], _ l: Lang) -> BodyNode {
        Fragments.breadcrumbs(
            [(l.t("activities.list.title"), trail.isEmpty ? nil : SitePath(language: l, page: .activities).path)] + trail,
            l
        )
    }
}
