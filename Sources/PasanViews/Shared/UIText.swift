import PasanDomain
import PasanMessages

/// The interface words the portal's pages share, as a typed list of catalogue messages: the
/// words themselves, in English and Lao, are the `app` component of the message catalogue
/// (`PasanMessages/Resources/po/app/lo.po`).
public enum UIText: Sendable {
    case siteName, siteTagline, skipToContent, goals, goal, target, targets, indicator, indicators
    case places, search, searchPlaceholder, searchResults(Int), noResults, searchHint
    case tier, custodians, partners, unCode, scope, globalScope, nationalScope, nationalRelation, relatedGlobal
    case relation(NationalRelation?), series, unit, code, name, province, district, village, provinces, districts, villages
    case notFoundTitle, notFoundBody, unavailableTitle, unavailableBody, backHome, machineTranslation, machineTranslationLong, laoMissing
    case retired, targetTextNotFound, institutions, institution, abbreviation, kind, validFrom, validTo, successors
    case dataSources, file, source, licence, metadata, notYetProvided, publishedData, period, value, status, breakdown
    case planLinks, plan, nationalGoal, mapCredit, noVillages, language, years, total, parentArea, areaCodes
    case pageOf(Int, Int), next, previous, homeIntro, indicatorsCount(Int), targetsCount(Int)

    public func text(_ l: Language) -> String {
        message.text(in: l)
    }

    /// The catalogue message of this word.
    public var message: Message {
        switch self {
        case .siteName: Message("app.site.name")
        case .siteTagline: Message("app.site.tagline")
        case .skipToContent: Message("app.layout.skipToContent")
        case .goals: Message("app.term.goals")
        case .goal: Message("app.term.goal")
        case .target: Message("app.term.target")
        case .targets: Message("app.term.targets")
        case .indicator: Message("app.term.indicator")
        case .indicators: Message("app.term.indicators")
        case .places: Message("app.term.places")
        case .search: Message("app.search.label")
        case .searchPlaceholder: Message("app.search.placeholder")
        case .searchResults(let n): Message("app.search.results", count: n)
        case .noResults: Message("app.search.noResults")
        case .searchHint: Message("app.search.hint")
        case .tier: Message("app.term.tier")
        case .custodians: Message("app.term.custodianAgencies")
        case .partners: Message("app.term.partnerAgencies")
        case .unCode: Message("app.term.unCode")
        case .scope: Message("app.term.framework")
        case .globalScope: Message("app.indicator.globalScope")
        case .nationalScope: Message("app.indicator.nationalScope")
        case .nationalRelation: Message("app.indicator.nationalRelation")
        case .relatedGlobal: Message("app.indicator.relatedGlobal")
        case .relation(let r):
            switch r {
            case .same: Message("app.relation.same")
            case .adapted: Message("app.relation.adapted")
            case .proxy: Message("app.relation.proxy")
            case .additional: Message("app.relation.additional")
            case nil: Message("app.relation.notClassified")
            }
        case .series: Message("app.term.series")
        case .unit: Message("app.term.unit")
        case .code: Message("app.term.code")
        case .name: Message("app.term.name")
        case .province: Message("app.term.province")
        case .district: Message("app.term.district")
        case .village: Message("app.term.village")
        case .provinces: Message("app.term.provinces")
        case .districts: Message("app.term.districts")
        case .villages: Message("app.term.villages")
        case .notFoundTitle: Message("app.notFound.title")
        case .notFoundBody: Message("app.notFound.body")
        case .unavailableTitle: Message("app.unavailable.title")
        case .unavailableBody: Message("app.unavailable.body")
        case .backHome: Message("app.notFound.backToGoals")
        case .machineTranslation: Message("app.mark.machineTranslation")
        case .machineTranslationLong: Message("app.mark.machineTranslationLong")
        case .laoMissing: Message("app.mark.laoMissing")
        case .retired: Message("app.indicator.retired")
        case .targetTextNotFound: Message("app.target.textNotFound")
        case .institutions: Message("app.term.institutions")
        case .institution: Message("app.term.institution")
        case .abbreviation: Message("app.term.abbreviation")
        case .kind: Message("app.term.type")
        case .validFrom: Message("app.term.validFrom")
        case .validTo: Message("app.term.validTo")
        case .successors: Message("app.term.succeededBy")
        case .dataSources: Message("app.dataSources.title")
        case .file: Message("app.term.file")
        case .source: Message("app.term.source")
        case .licence: Message("app.term.licence")
        case .metadata: Message("app.term.metadata")
        case .notYetProvided: Message("app.metadata.notYetProvided")
        case .publishedData: Message("app.indicator.publishedData")
        case .period: Message("app.term.year")
        case .value: Message("app.term.value")
        case .status: Message("app.term.status")
        case .breakdown: Message("app.term.breakdown")
        case .planLinks: Message("app.indicator.planLinks")
        case .plan: Message("app.term.plan")
        case .nationalGoal: Message("app.goal.national")
        case .mapCredit: Message("app.map.credit")
        case .noVillages: Message("app.places.noVillages")
        case .language: Message("app.layout.otherLanguage")
        case .years: Message("app.term.years")
        case .total: Message("app.term.total")
        case .parentArea: Message("app.term.partOf")
        case .areaCodes: Message("app.places.areaCodes")
        case .pageOf(let a, let b): Message("app.pagination.pageOf", ["page": .number(a), "pages": .number(b)])
        case .next: Message("app.pagination.next")
        case .previous: Message("app.pagination.previous")
        case .homeIntro: Message("app.home.intro")
        case .indicatorsCount(let n): Message("app.count.indicators", count: n)
        case .targetsCount(let n): Message("app.count.targets", count: n)
        }
    }
}
