import PasanDomain
import SQLKit

/// Reads the framework read model (`FrameworkCatalog`) from the database.
public struct CatalogRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func load() async throws -> FrameworkCatalog {
        try await database.read { db in
            async let goals = db.select().column("*").from("goals").all().map { row in
                Goal(
                    number: try row.int("number"),
                    shortTitle: try row.localized("short"),
                    title: try row.localized("title"),
                    colour: try row.string("colour"),
                    isNational: try row.bool("is_national")
                )
            }
            let targets = try await db.select().column("*").from("targets").all().map { row in
                Target(
                    code: try row.string("code"),
                    goal: try row.int("goal"),
                    title: try row.optionalString("title_en") == nil ? nil : try row.localized("title"),
                    isNational: try row.bool("is_national")
                )
            }
            let indicators = try await db.select().column("*").from("indicators").all().map(Self.indicator)
            let series = try await db.select().column("*").from("series").all().map { row in
                Series(
                    code: try row.string("code"),
                    indicator: try row.string("indicator"),
                    name: try row.localized("name"),
                    unit: try row.optionalString("unit"),
                    unitMultiplier: try row.optionalInt("unit_multiplier"),
                    scope: IndicatorScope(rawValue: try row.string("scope")) ?? .global
                )
            }
            let areas = try await db.select().column("*").from("areas")
                .where("level", .in, [AreaLevel.province.rawValue, AreaLevel.district.rawValue]).all().map(AreaRepository.area)
            let institutions = try await db.select().column("*").from("institutions").all().map(InstitutionRepository.institution)
            let successions = try await db.select().column("*").from("institution_successions").all().map(InstitutionRepository.succession)
            // Plans whole: the new columns, indicators with their current targets, links with series.
            let documents = try await PlanRepository.load(db, plan: nil)
            let plans = documents.map(\.plan)
            let results = documents.flatMap(\.results)
            let planIndicators = documents.flatMap(\.indicators)
            let links = documents.flatMap(\.links)
            let attributions = try await db.select().column("*").from("attributions").orderBy("file").all().map { row in
                Attribution(file: try row.string("file"), source: try row.string("source"), licence: try row.string("licence"))
            }
            return FrameworkCatalog(
                goals: try await goals,
                targets: targets,
                indicators: indicators,
                series: series,
                institutions: institutions,
                successions: successions,
                provinces: areas.filter { $0.level == .province },
                districts: areas.filter { $0.level == .district },
                plans: plans,
                planResults: results,
                planIndicators: planIndicators,
                planLinks: links,
                attributions: attributions
            )
        }
    }

    static func indicator(_ row: any SQLRow) throws -> Indicator {
        Indicator(
            code: try row.string("code"),
            goal: try row.int("goal"),
            target: try row.string("target"),
            title: try row.localized("title"),
            scope: IndicatorScope(rawValue: try row.string("scope")) ?? .global,
            unCode: try row.optionalString("un_code"),
            tier: try row.optionalString("tier").flatMap(Tier.init(rawValue:)),
            custodians: ListColumn.split(try row.optionalString("custodians")),
            partners: ListColumn.split(try row.optionalString("partners")),
            nationalRelation: try row.optionalString("national_relation").flatMap(NationalRelation.init(rawValue:)),
            relatedGlobalCode: try row.optionalString("related_global_code"),
            relationBasis: try row.optionalString("relation_basis"),
            isRetired: try row.bool("is_retired"),
            isRepeat: try row.bool("is_repeat")
        )
    }
}
