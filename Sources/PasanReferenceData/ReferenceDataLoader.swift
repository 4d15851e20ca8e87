import Foundation
import PasanDomain

/// Reads the reference data that ships inside Pasan (`Resources/`) into domain values.
///
/// Every file is read and checked before anything is returned, and all problems are reported
/// together with file, line and column; the caller writes nothing unless loading succeeds.
public struct ReferenceDataLoader: Sendable {
    public let directory: URL

    /// The data shipped with the product.
    public static var bundled: ReferenceDataLoader {
        ReferenceDataLoader(directory: Bundle.module.url(forResource: "Resources", withExtension: nil)!)
    }

    public init(directory: URL) {
        self.directory = directory
    }

    public func load() throws(DataFileIssues) -> ReferenceDataSet {
        var data = ReferenceDataSet()
        var issues: [DataFileIssue] = []
        func step(_ body: () throws(DataFileIssue) -> [DataFileIssue]) {
            do { issues += try body() } catch { issues.append(error) }
        }
        var globalIndicatorCodes = Set<String>()
        step { () throws(DataFileIssue) in try loadGoals(into: &data) }
        step { () throws(DataFileIssue) in try loadTargets(into: &data) }
        step { () throws(DataFileIssue) in
            let found = try loadGlobalIndicators(into: &data)
            globalIndicatorCodes = Set(data.indicators.map(\.code))
            return found
        }
        step { () throws(DataFileIssue) in try loadGoal18(into: &data) }
        step { () throws(DataFileIssue) in try loadNationalIndicatorsAndSeries(into: &data, globalCodes: globalIndicatorCodes) }
        step { () throws(DataFileIssue) in try loadNationalRelations(into: &data) }
        step { () throws(DataFileIssue) in try loadAreas(into: &data) }
        step { () throws(DataFileIssue) in try loadAreaAliases(into: &data) }
        step { () throws(DataFileIssue) in try loadBoundaries(into: &data) }
        step { () throws(DataFileIssue) in try loadInstitutions(into: &data) }
        step { () throws(DataFileIssue) in try loadPlans(into: &data) }
        data.attributions = Self.attributions
        if issues.isEmpty { issues = ReferenceDataConsistency.issues(in: data) }
        guard issues.isEmpty else { throw DataFileIssues(issues) }
        data.indicators.sort { FrameworkCode.areInIncreasingOrder($0.code, $1.code) }
        data.targets.sort { FrameworkCode.areInIncreasingOrder($0.code, $1.code) }
        return data
    }

    // MARK: - Files

    func table(_ path: String, columns: [String]) throws(DataFileIssue) -> CSVTable {
        let table = try CSVTable(contentsOf: directory.appendingPathComponent(path), file: path)
        try table.requireColumns(columns)
        return table
    }

    func loadGoals(into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue] {
        let t = try table("framework/sdg_goals.csv", columns: ["goal", "short_en", "title_en", "short_lo", "title_lo"])
        return t.rows { row in
            guard let n = row.integer("goal", in: 1...17) else { return }
            data.goals.append(
                Goal(
                    number: n,
                    shortTitle: LocalizedText(en: row.required("short_en"), lo: row.optional("short_lo"), loStatus: .machine),
                    title: LocalizedText(en: row.required("title_en"), lo: row.optional("title_lo"), loStatus: .machine),
                    colour: GoalColours.colour(for: n),
                    isNational: false
                )
            )
        }
    }

    func loadTargets(into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue] {
        let t = try table("framework/sdg_targets.csv", columns: ["target", "goal", "title_en", "title_lo"])
        return t.rows { row in
            let code = row.required("target")
            guard let goal = row.integer("goal", in: 1...17) else { return }
            if FrameworkCode.goalNumber(of: code) != goal {
                row.fail("target", "has \"\(code)\", which does not belong to goal \(goal)")
            }
            data.targets.append(
                Target(
                    code: code,
                    goal: goal,
                    title: LocalizedText(en: row.required("title_en"), lo: row.optional("title_lo"), loStatus: .machine),
                    isNational: false
                )
            )
        }
    }

    func loadGlobalIndicators(into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue] {
        let t = try table(
            "framework/sdg_indicators.csv",
            columns: [
                "indicator", "goal", "target", "un_code", "in_tier_list_2022", "is_repeat", "tier_2022",
                "custodian_agencies", "partner_agencies", "title_en", "title_lo", "title_en_tier_list_2022",
            ]
        )
        return t.rows { row in
            let code = row.required("indicator")
            guard let goal = row.integer("goal", in: 1...17) else { return }
            let target = row.required("target")
            if !FrameworkCode.isIndicatorCode(code) { row.fail("indicator", "has \"\(code)\"; expected a code like 3.1.2") }
            if FrameworkCode.targetCode(of: code) != target {
                row.fail(
                    "target",
                    "has \"\(target)\", but indicator \(code) belongs to target \(FrameworkCode.targetCode(of: code) ?? "?")"
                )
            }
            let inList = row.optional("in_tier_list_2022")
            if inList != "yes" && inList != "no" { row.fail("in_tier_list_2022", "has \"\(inList ?? "")\"; expected yes or no") }
            let title = row.optional("title_en_tier_list_2022") ?? row.required("title_en")
            data.indicators.append(
                Indicator(
                    code: code,
                    goal: goal,
                    target: target,
                    title: LocalizedText(en: title, lo: row.optional("title_lo"), loStatus: .machine),
                    scope: .global,
                    unCode: row.optional("un_code"),
                    tier: row.optional("tier_2022").flatMap(Tier.init(unWording:)),
                    custodians: Self.list(row.optional("custodian_agencies")),
                    partners: Self.list(row.optional("partner_agencies")),
                    isRetired: inList == "no",
                    isRepeat: row.optional("is_repeat") == "yes"
                )
            )
        }
    }

    func loadGoal18(into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue] {
        // The short title is Pasan's (pasan/national_goals.csv): the LSB file has none.
        let short = try table("pasan/national_goals.csv", columns: ["goal", "short_en", "short_lo", "lo_status"])
        var shortTitle = LocalizedText(en: "", lo: nil, loStatus: .machine)
        var issues = short.rows { row in
            guard row.integer("goal", in: 18...18) != nil, let status = row.oneOf("lo_status", TranslationStatus.self) else { return }
            shortTitle = LocalizedText(en: row.required("short_en"), lo: row.optional("short_lo"), loStatus: status)
        }
        if shortTitle.en.isEmpty {
            issues.append(DataFileIssue(file: "pasan/national_goals.csv", line: nil, column: "goal", message: "has no row for goal 18"))
        }
        let t = try table("lao/sdg18_targets_indicators.csv", columns: ["level", "code", "text_en", "text_lo", "note"])
        issues += t.rows { row in
            let level = row.required("level")
            let code = row.required("code")
            let en = row.required("text_en")
            let found = en != "NOT FOUND"
            let text = LocalizedText(en: en, lo: found ? row.optional("text_lo") : nil, loStatus: .machine)
            switch level {
            case "goal":
                data.goals.append(
                    Goal(
                        number: 18,
                        shortTitle: shortTitle,
                        title: text,
                        colour: GoalColours.nationalGoal18,
                        isNational: true
                    )
                )
            case "target":
                data.targets.append(Target(code: code, goal: 18, title: found ? text : nil, isNational: true))
            case "indicator":
                guard let target = FrameworkCode.targetCode(of: code) else {
                    row.fail("code", "has \"\(code)\"; expected an indicator code"); return
                }
                data.indicators.append(
                    Indicator(
                        code: code,
                        goal: 18,
                        target: target,
                        title: text,
                        scope: .national,
                        custodians: ["MOLSW"],
                        nationalRelation: .additional,
                        relationBasis: "National Goal 18 (Lives safe from UXO), endorsed 2016"
                    )
                )
            default:
                row.fail("level", "has \"\(level)\"; expected goal, target or indicator")
            }
        }
        return issues
    }

    /// National series (`_L_LA_…`) and the national indicators that only they define, from LSB's DSD;
    /// global series from the UN content constraints, with Lao names where LSB has them.
    func loadNationalIndicatorsAndSeries(
        into data: inout ReferenceDataSet,
        globalCodes: Set<String>
    ) throws(DataFileIssue) -> [DataFileIssue] {
        let lsb = try table(
            "lao/lsb_sdg_series.csv",
            columns: ["series_code", "indicator", "indicator_title_en", "series_name_en", "series_name_lo_machine", "series_origin"]
        )
        var issues: [DataFileIssue] = []
        var laoNames: [String: String] = [:]
        var nationalSeries: [(code: String, indicator: String, en: String, lo: String?, line: Int)] = []
        var nationalTitles: [String: String] = [:]
        issues += lsb.rows { row in
            let code = row.required("series_code")
            if let lo = row.optional("series_name_lo_machine") { laoNames[code] = lo }
            guard row.optional("series_origin") == "national_local" else { return }
            let indicator = row.required("indicator")
            let name = Self.withoutCodeSuffix(row.required("series_name_en"))
            nationalSeries.append((code, indicator, name, row.optional("series_name_lo_machine").map(Self.withoutCodeSuffix), row.line))
            if nationalTitles[indicator] == nil { nationalTitles[indicator] = row.optional("indicator_title_en") ?? name }
        }
        let known = Set(data.indicators.map(\.code))
        var added = Set<String>()
        for s in nationalSeries where !known.contains(s.indicator) && !added.contains(s.indicator) {
            guard let target = FrameworkCode.targetCode(of: s.indicator), let goal = FrameworkCode.goalNumber(of: s.indicator) else {
                issues.append(
                    DataFileIssue(
                        file: lsb.file,
                        line: s.line,
                        column: "indicator",
                        message: "has \"\(s.indicator)\"; expected an indicator code"
                    )
                )
                continue
            }
            added.insert(s.indicator)
            let parts = s.indicator.split(separator: ".")
            let parent = parts.count == 4 ? parts[0...2].joined(separator: ".") : nil
            let adaptsGlobal = parent.map { globalCodes.contains($0) } ?? false
            let singleSeries = nationalSeries.filter { $0.indicator == s.indicator }.count == 1
            data.indicators.append(
                Indicator(
                    code: s.indicator,
                    goal: goal,
                    target: target,
                    title: LocalizedText(en: nationalTitles[s.indicator] ?? s.en, lo: singleSeries ? s.lo : nil, loStatus: .machine),
                    scope: .national,
                    nationalRelation: adaptsGlobal ? .adapted : .additional,
                    relatedGlobalCode: adaptsGlobal ? parent : nil,
                    relationBasis: "National series \(s.code) in LSB's SDG DSD (sdg-laos/data)"
                )
            )
        }
        for s in nationalSeries {
            data.series.append(
                Series(
                    code: s.code,
                    indicator: s.indicator,
                    name: LocalizedText(en: s.en, lo: s.lo, loStatus: .machine),
                    unit: nil,
                    unitMultiplier: nil,
                    scope: .national
                )
            )
        }
        let global = try table(
            "framework/sdg_series.csv",
            columns: ["series_code", "indicator", "series_name_en", "unit_measure", "unit_mult"]
        )
        issues += global.rows { row in
            let code = row.required("series_code")
            guard let indicator = row.optional("indicator") else { return }  // 11 series name no indicator
            data.series.append(
                Series(
                    code: code,
                    indicator: indicator,
                    name: LocalizedText(
                        en: row.required("series_name_en"),
                        lo: laoNames[code].map(Self.withoutCodeSuffix),
                        loStatus: .machine
                    ),
                    unit: row.optional("unit_measure"),
                    unitMultiplier: row.optional("unit_mult").flatMap { Int($0) },
                    scope: .global
                )
            )
        }
        return issues
    }

    func loadNationalRelations(into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue] {
        let t = try table("pasan/national_relations.csv", columns: ["indicator", "relation", "basis"])
        var positions: [String: Int] = [:]
        for (i, indicator) in data.indicators.enumerated() { positions[indicator.code] = i }
        return t.rows { row in
            let code = row.required("indicator")
            guard let relation = row.oneOf("relation", NationalRelation.self) else { return }
            guard let i = positions[code] else {
                row.fail("indicator", "has \"\(code)\", which is not an indicator of the framework"); return
            }
            data.indicators[i].nationalRelation = relation
            data.indicators[i].relationBasis = "Unconfirmed: " + row.required("basis")
        }
    }

    func loadAreas(into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue] {
        let country = try table("pasan/country.csv", columns: ["pcode", "iso_code", "name_en", "name_lo", "lo_status"])
        var issues = country.rows { row in
            guard let status = row.oneOf("lo_status", TranslationStatus.self) else { return }
            data.areas.append(
                Area(
                    code: Area.countryCode,
                    level: .country,
                    parentCode: nil,
                    name: LocalizedText(en: row.required("name_en"), lo: row.optional("name_lo"), loStatus: status),
                    pcode: row.required("pcode"),
                    isoCode: row.required("iso_code")
                )
            )
        }
        if country.records.count != 1 {
            issues.append(DataFileIssue(file: "pasan/country.csv", line: nil, column: nil, message: "must have exactly one row"))
        }
        let provinces = try table("lao/lao_provinces.csv", columns: ["pcode", "code", "iso_3166_2", "name_en", "name_lo"])
        issues += provinces.rows { row in
            let code = row.digits("code", length: 2)
            data.areas.append(
                Area(
                    code: code,
                    level: .province,
                    parentCode: Area.countryCode,
                    name: LocalizedText(en: row.required("name_en"), lo: row.optional("name_lo"), loStatus: .reviewed),
                    pcode: row.optional("pcode"),
                    isoCode: row.optional("iso_3166_2")
                )
            )
        }
        let districts = try table("lao/lao_districts.csv", columns: ["pcode", "code", "province_code", "name_en", "name_lo", "status"])
        issues += districts.rows { row in
            let code = row.digits("code", length: 4)
            let province = row.digits("province_code", length: 2)
            if !code.hasPrefix(province) { row.fail("code", "has \"\(code)\", which does not start with its province code \(province)") }
            let status = row.optional("status")
            data.areas.append(
                Area(
                    code: code,
                    level: .district,
                    parentCode: province,
                    name: LocalizedText(en: row.required("name_en"), lo: row.optional("name_lo"), loStatus: .reviewed),
                    pcode: row.optional("pcode"),
                    note: status == "ok" ? nil : status
                )
            )
        }
        let villages = try table("lao/lao_villages.csv", columns: ["code", "district_code", "province_code", "name_en", "name_lo"])
        data.areas.reserveCapacity(data.areas.count + villages.records.count)
        issues += villages.rows { row in
            let code = row.digits("code", length: 7)
            let district = row.digits("district_code", length: 4)
            if !code.hasPrefix(district) { row.fail("code", "has \"\(code)\", which does not start with its district code \(district)") }
            data.areas.append(
                Area(
                    code: code,
                    level: .village,
                    parentCode: district,
                    name: LocalizedText(en: row.required("name_en").capitalized, lo: row.optional("name_lo"), loStatus: .reviewed),
                    pcode: "LA" + code
                )
            )
        }
        return issues
    }

    func loadAreaAliases(into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue] {
        let t = try table("pasan/area_aliases.csv", columns: ["system", "alias", "area_code", "note"])
        return t.rows { row in
            data.areaAliases.append(
                AreaCodeAlias(
                    system: row.required("system"),
                    alias: row.required("alias"),
                    areaCode: row.required("area_code"),
                    note: row.optional("note")
                )
            )
        }
    }

    func loadBoundaries(into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue] {
        try boundaries(file: "lao/lao_adm1_provinces.geojson", codeProperty: "ADM1_CODE", into: &data)
            + boundaries(file: "lao/lao_adm2_districts.geojson", codeProperty: "ADM2_CODE", into: &data)
    }

    private func boundaries(file: String, codeProperty: String, into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue]
    {
        let url = directory.appendingPathComponent(file)
        guard let bytes = try? Data(contentsOf: url) else {
            throw DataFileIssue(file: file, line: nil, column: nil, message: "cannot be read")
        }
        guard let root = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any],
            let features = root["features"] as? [[String: Any]]
        else {
            throw DataFileIssue(file: file, line: nil, column: nil, message: "is not a GeoJSON FeatureCollection")
        }
        var issues: [DataFileIssue] = []
        for (i, feature) in features.enumerated() {
            guard let properties = feature["properties"] as? [String: Any],
                let code = properties[codeProperty] as? String,
                let geometry = feature["geometry"],
                let json = try? JSONSerialization.data(withJSONObject: geometry, options: [.sortedKeys])
            else {
                issues.append(
                    DataFileIssue(
                        file: file,
                        line: nil,
                        column: "features[\(i)]",
                        message: "has no \(codeProperty) property or no geometry"
                    )
                )
                continue
            }
            data.boundaries.append(AreaBoundary(areaCode: code, detail: "full", geometryJSON: String(decoding: json, as: UTF8.self)))
        }
        return issues
    }

    func loadInstitutions(into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue] {
        let validity = try table("pasan/institution_validity.csv", columns: ["code", "kind", "valid_from", "valid_to"])
        var kinds: [String: (InstitutionKind, LocalDate?, LocalDate?)] = [:]
        var issues = validity.rows { row in
            let code = row.required("code")
            guard let kind = row.oneOf("kind", InstitutionKind.self) else { return }
            kinds[code] = (kind, row.date("valid_from"), row.date("valid_to"))
        }
        let t = try table(
            "lao/lao_institutions.csv",
            columns: ["code", "abbreviation_en", "abbreviation_lo", "name_en", "name_lo", "lo_verified", "notes"]
        )
        issues += t.rows { row in
            let code = row.required("code")
            guard let (kind, from, to) = kinds[code] else {
                row.fail("code", "has \"\(code)\", which pasan/institution_validity.csv does not list")
                return
            }
            let status: TranslationStatus = row.optional("lo_verified") == "yes" ? .reviewed : .machine
            data.institutions.append(
                Institution(
                    code: code,
                    abbreviation: LocalizedText(en: row.required("abbreviation_en"), lo: row.optional("abbreviation_lo"), loStatus: status),
                    name: LocalizedText(en: row.required("name_en"), lo: row.optional("name_lo"), loStatus: status),
                    kind: kind,
                    validFrom: from,
                    validTo: to,
                    note: row.optional("notes")
                )
            )
        }
        let successions = try table("pasan/institution_successions.csv", columns: ["predecessor", "successor", "kind", "date", "note"])
        issues += successions.rows { row in
            guard let kind = row.oneOf("kind", SuccessionKind.self) else { return }
            data.successions.append(
                InstitutionSuccession(
                    predecessor: row.required("predecessor"),
                    successor: row.required("successor"),
                    kind: kind,
                    date: row.date("date"),
                    note: row.optional("note")
                )
            )
        }
        return issues
    }

    /// Every `plans/*.csv` through `PlanFile`, each plan checked whole by `PlanCheck` against the
    /// framework, the institutions and the other shipped plans.
    func loadPlans(into data: inout ReferenceDataSet) throws(DataFileIssue) -> [DataFileIssue] {
        let read = try Self.readPlanFiles(in: directory, folder: "plans")
        var issues = read.issues
        let context = PlanCheck.Context(
            indicators: data.indicators,
            series: data.series,
            institutions: data.institutions,
            plans: read.documents.map(\.document)
        )
        for (path, document, lines) in read.documents {
            var own = context
            own.plans.remove(document.plan.code)
            own.results = own.results.filter { !$0.hasPrefix(document.plan.code + "/") }
            issues += PlanCheck.problems(document, lines: lines, context: own).map { PlanFile.issue($0, file: path) }
        }
        data.planDocuments = read.documents.map(\.document)
        data.plans = data.planDocuments.map(\.plan)
        data.planResults = data.planDocuments.flatMap(\.results)
        data.planIndicators = data.planDocuments.flatMap(\.indicators)
        data.planLinks = data.planDocuments.flatMap(\.links)
        return issues
    }

    /// The plan files of `folder` (sorted by name), each read by `PlanFile`: the documents with
    /// their lines, and every structural problem with file, line and column.
    static func readPlanFiles(
        in directory: URL,
        folder: String
    ) throws(DataFileIssue) -> (documents: [(path: String, document: PlanDocument, lines: [String: Int])], issues: [DataFileIssue]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix(".csv") }.sorted()
        } catch {
            throw DataFileIssue(file: folder, line: nil, column: nil, message: "cannot be listed (\(error.localizedDescription))")
        }
        var documents: [(path: String, document: PlanDocument, lines: [String: Int])] = []
        var issues: [DataFileIssue] = []
        for name in names {
            let path = "\(folder)/\(name)"
            let table: CSVTable
            do { table = try CSVTable(contentsOf: directory.appendingPathComponent(path), file: path) } catch {
                issues.append(error)
                continue
            }
            let reading = PlanFile.read(table)
            issues += reading.problems.map { PlanFile.issue($0, file: path) }
            if let document = reading.document, reading.problems.isEmpty { documents.append((path, document, reading.lines)) }
        }
        return (documents, issues)
    }

    // MARK: - Helpers

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// `Food production [2.1.4]` → `Food production`.
    static func withoutCodeSuffix(_ text: String) -> String {
        guard text.hasSuffix("]"), let open = text.lastIndex(of: "[") else { return text }
        return String(text[..<open]).trimmingSpaces
    }

    static let attributions: [Attribution] = [
        Attribution(
            file: "framework/sdg_*.csv",
            source:
                "open-sdg/sdg-translations (titles), UN IAEG-SDGs tier classification 30 Nov 2022, open-sdg/sdg-build SDMX content constraints",
            licence: "MIT (Open SDG, ONS); UN public document, reuse with attribution"
        ),
        Attribution(
            file: "lao/lao_provinces.csv, lao_districts.csv",
            source: "OCHA COD-AB via geoBoundaries; ii-46/lao-village-data; sdg-laos/data",
            licence: "CC BY 3.0 IGO; MIT"
        ),
        Attribution(file: "lao/lao_villages.csv", source: "ii-46/lao-village-data (unofficial compilation)", licence: "MIT"),
        Attribution(
            file: "lao/*.geojson",
            source: "Boundaries: geoBoundaries (CC BY 3.0 IGO), source National Geographic Department / OCHA ROAP",
            licence: "CC BY 3.0 IGO"
        ),
        Attribution(
            file: "lao/sdg18_*.csv, lsb_sdg_series.csv",
            source: "Lao Statistics Bureau, sdg-laos/data (data from MOLSW)",
            licence: "MIT"
        ),
        Attribution(
            file: "lao/lao_institutions.csv, nsedp9_outcomes.csv, plans/*.csv",
            source: "Compiled from government and news sites (each row names its source)",
            licence: "Facts"
        ),
    ]
}
