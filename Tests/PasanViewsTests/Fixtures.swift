import PasanDomain
import PasanViews

/// Small, hand-made data the page snapshots render from: two goals (global Goal 3 and national
/// Goal 18), three targets, four indicators with their series, two provinces with two districts
/// and toy boundaries, four institutions (one merged away in 2025), a few published values, the
/// assignments with their focal points, and an open and a closed reporting cycle.
///
/// Everything is fixed so that a page renders the same bytes on every run: dates are written out
/// (never `LocalDate.today`), the CSRF token is `test-token`, and lists are in a fixed order.
/// The numbers are illustrative, not official statistics.
enum Fixtures {
    /// The day the pages are rendered "on" (deadlines, late tasks, current assignments).
    static let today = date(2025, 6, 16)
    static let csrfToken = "test-token"

    static func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
        LocalDate(year: year, month: month, day: day)!
    }

    static func text(_ en: String, _ lo: String?, _ status: TranslationStatus = .reviewed) -> LocalizedText {
        LocalizedText(en: en, lo: lo, loStatus: status)
    }

    /// What a private page gets about the signed-in user.
    static func session(notices: [String] = [], errors: [String] = []) -> PageSession {
        PageSession(userName: "Somchai Phommachanh", csrfToken: csrfToken, notices: notices, errors: errors)
    }

    // MARK: Framework

    static let goal3 = Goal(
        number: 3,
        shortTitle: text("Good health and well-being", "ສຸຂະພາບດີແລະສະຫວັດດີພາບ", .machine),
        title: text(
            "Ensure healthy lives and promote well-being for all at all ages",
            "ຮັບປະກັນຊີວິດສຸຂະພາບແຂງແຮງ ແລະ ສົ່ງເສີມສຸຂະພາບທີ່ດີ ສຳລັບທຸກໄວ",
            .machine
        ),
        colour: "#4C9F38",
        isNational: false
    )

    static let goal18 = Goal(
        number: 18,
        shortTitle: text("Lives safe from UXO", "ຊີວິດປອດໄພຈາກ UXO", .machine),
        title: text("Lives safe from Unexploded Ordnance (UXO)", "ຊີວິດປອດໄພຈາກລະເບີດທີ່ຍັງບໍ່ທັນແຕກ (UXO)", .machine),
        colour: GoalColours.nationalGoal18,
        isNational: true
    )

    static let targets = [
        Target(
            code: "3.1",
            goal: 3,
            title: text(
                "By 2030, reduce the global maternal mortality ratio to less than 70 per 100,000 live births",
                "ຮອດປີ 2030, ຫຼຸດຜ່ອນອັດຕາການຕາຍຂອງແມ່ໃຫ້ຕ່ຳກວ່າ 70 ຕໍ່ເດັກເກີດມີຊີວິດ 100,000 ຄົນ",
                .machine
            ),
            isNational: false
        ),
        Target(
            code: "18.1",
            goal: 18,
            title: text("By 2030, minimum casualties from UXO accidents", "ຮອດປີ 2030, ມີຜູ້ເສຍຊີວິດໜ້ອຍທີ່ສຸດຈາກອຸປະຕິເຫດ UXO", .machine),
            isNational: true
        ),
        // The official text of 18.2 was not found: the pages say so.
        Target(code: "18.2", goal: 18, title: nil, isNational: true),
    ]

    static let indicator311 = Indicator(
        code: "3.1.1",
        goal: 3,
        target: "3.1",
        title: text("Maternal mortality ratio", "ອັດຕາການຕາຍຂອງແມ່", .machine),
        scope: .global,
        unCode: "C030101",
        tier: .tier1,
        custodians: ["WHO"],
        partners: ["UNICEF", "UNFPA", "World Bank"],
        nationalRelation: .same
    )

    static let indicator312 = Indicator(
        code: "3.1.2",
        goal: 3,
        target: "3.1",
        title: text(
            "Proportion of births attended by skilled health personnel",
            "ອັດຕາສ່ວນການເກີດລູກທີ່ມີພະນັກງານແພດທີ່ມີທັກສະຊ່ວຍ",
            .reviewed
        ),
        scope: .global,
        unCode: "C030102",
        tier: .tier1,
        custodians: ["UNICEF", "WHO"],
        partners: ["UNFPA"],
        nationalRelation: .adapted,
        relationBasis: "LSIS counts births in the two years before the survey"
    )

    static let indicator1811 = Indicator(
        code: "18.1.1",
        goal: 18,
        target: "18.1",
        title: text("Number of UXO casualties", "ຈຳນວນຜູ້ເຄາະຮ້າຍຈາກ UXO", .machine),
        scope: .national,
        custodians: ["MOLSW"],
        nationalRelation: .additional,
        relationBasis: "National Goal 18 (Lives safe from UXO), endorsed 2016"
    )

    /// No Lao title yet: the Lao pages show the English one, marked.
    static let indicator1821 = Indicator(
        code: "18.2.1",
        goal: 18,
        target: "18.2",
        title: text("Area of high-priority hazardous land released", nil),
        scope: .national,
        custodians: ["NRA"],
        nationalRelation: .additional
    )

    static let series = [
        Series(
            code: "SH_STA_MORT",
            indicator: "3.1.1",
            name: text("Maternal mortality ratio", "ອັດຕາການຕາຍຂອງແມ່", .machine),
            unit: "PER_100000_LIVE_BIRTHS",
            unitMultiplier: 0,
            scope: .global
        ),
        Series(
            code: "SH_STA_BRTC",
            indicator: "3.1.2",
            name: text("Proportion of births attended by skilled health personnel", "ອັດຕາສ່ວນການເກີດລູກທີ່ມີພະນັກງານແພດທີ່ມີທັກສະຊ່ວຍ"),
            unit: "PT",
            unitMultiplier: 0,
            scope: .global
        ),
        Series(
            code: "_L_LA_180101_00",
            indicator: "18.1.1",
            name: text("Number of UXO casualties", "ຈຳນວນຜູ້ເຄາະຮ້າຍຈາກ UXO", .machine),
            unit: "NUMBER",
            unitMultiplier: 0,
            scope: .national
        ),
    ]

    // MARK: Places

    static let country = Area(code: "LA", level: .country, parentCode: nil, name: text("Lao PDR", "ສປປ ລາວ"), pcode: "LA")

    static let provinces = [
        Area(
            code: "01",
            level: .province,
            parentCode: "LA",
            name: text("Vientiane Capital", "ນະຄອນຫຼວງວຽງຈັນ"),
            pcode: "LA01",
            isoCode: "LA-VT"
        ),
        Area(code: "02", level: .province, parentCode: "LA", name: text("Phongsaly", "ຜົ້ງສາລີ"), pcode: "LA02", isoCode: "LA-PH"),
    ]

    static let districts = [
        Area(code: "0101", level: .district, parentCode: "01", name: text("Chanthabuly", "ຈັນທະບູລີ"), pcode: "LA0101"),
        Area(code: "0102", level: .district, parentCode: "01", name: text("Sikhottabong", "ສີໂຄດຕະບອງ"), pcode: "LA0102"),
    ]

    /// Toy boundaries (a few points each), enough to draw a map.
    static let provinceBoundaries = [
        AreaBoundary(areaCode: "01", detail: "full", geometryJSON: polygon([(102.4, 17.9), (102.9, 17.9), (102.9, 18.3), (102.4, 18.3)])),
        AreaBoundary(areaCode: "02", detail: "full", geometryJSON: polygon([(101.6, 21.0), (102.6, 21.0), (102.4, 22.4), (101.8, 22.2)])),
    ]

    static let districtBoundaries = [
        AreaBoundary(
            areaCode: "0101",
            detail: "full",
            geometryJSON: polygon([(102.58, 17.95), (102.64, 17.95), (102.64, 18.0), (102.58, 18.0)])
        ),
        AreaBoundary(
            areaCode: "0102",
            detail: "full",
            geometryJSON: polygon([(102.52, 17.95), (102.58, 17.95), (102.58, 18.02), (102.52, 18.02)])
        ),
    ]

    static func polygon(_ points: [(Double, Double)]) -> String {
        let ring = (points + [points[0]]).map { "[\($0.0),\($0.1)]" }.joined(separator: ",")
        return "{\"type\":\"Polygon\",\"coordinates\":[[\(ring)]]}"
    }

    /// A map as the web layer draws one: area names in the page language, links to the places.
    static func map(_ boundaries: [AreaBoundary], _ l: Language, width: Double = 420) -> AreaMap {
        AreaMap(
            boundaries: boundaries,
            name: { code in catalog.area(code)?.name.text(in: l) ?? code },
            href: { code in SitePath.place(l, code).path },
            width: width
        )
    }

    // MARK: Institutions

    static let institutions = [
        Institution(
            code: "MOH",
            abbreviation: text("MOH", nil),
            name: text("Ministry of Health", "ກະຊວງສາທາລະນະສຸກ"),
            kind: .ministry,
            validFrom: nil,
            validTo: nil,
            note: nil
        ),
        Institution(
            code: "LSB",
            abbreviation: text("LSB", "ສຖຕ"),
            name: text("Lao Statistics Bureau", "ສູນສະຖິຕິແຫ່ງຊາດ"),
            kind: .agency,
            validFrom: nil,
            validTo: nil,
            note: nil
        ),
        Institution(
            code: "MPI",
            abbreviation: text("MPI", nil),
            name: text("Ministry of Planning and Investment", "ກະຊວງແຜນການ ແລະ ການລົງທຶນ"),
            kind: .ministry,
            validFrom: nil,
            validTo: date(2025, 3, 20),
            note: "Merged into the Ministry of Finance"
        ),
        // No confirmed Lao name: the Lao pages show the English one, marked.
        Institution(
            code: "NRA",
            abbreviation: text("NRA", nil),
            name: text("National Regulatory Authority for UXO/Mine Action", nil),
            kind: .agency,
            validFrom: nil,
            validTo: nil,
            note: nil
        ),
    ]

    static let successions = [
        InstitutionSuccession(predecessor: "MPI", successor: "MOF", kind: .mergedInto, date: date(2025, 3, 20), note: nil)
    ]

    static func institution(_ code: String) -> Institution { catalog.institution(code)! }

    static let institutionNames = Dictionary(uniqueKeysWithValues: institutions.map { ($0.code, $0.name) })

    // MARK: Plans and the catalogue

    static let planIndicators = [
        PlanIndicator(
            plan: "NSEDP9_2021_2025",
            code: "D3.2",
            resultCode: "3",
            title: text("Births attended by skilled health personnel (demo)", "ການເກີດລູກທີ່ມີພະນັກງານແພດຊ່ວຍ (ຕົວຢ່າງ)"),
            owner: "MOH"
        )
    ]

    static let catalog = FrameworkCatalog(
        goals: [goal3, goal18],
        targets: targets,
        indicators: [indicator311, indicator312, indicator1811, indicator1821],
        series: series,
        institutions: institutions,
        successions: successions,
        provinces: provinces,
        districts: districts,
        plans: [
            DevelopmentPlan(
                code: "NSEDP9_2021_2025",
                name: text("9th National Socio-Economic Development Plan", "ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ ຄັ້ງທີ IX"),
                startYear: 2021,
                endYear: 2025,
                note: nil
            )
        ],
        planIndicators: planIndicators,
        planLinks: [PlanIndicatorLink(plan: "NSEDP9_2021_2025", planIndicator: "D3.2", sdgIndicator: "3.1.2", relation: .same)],
        attributions: [
            Attribution(
                file: "framework/sdg_goals.csv",
                source: "open-sdg/sdg-translations (titles); UN IAEG-SDGs tier classification",
                licence: "MIT"
            ),
            Attribution(
                file: "lao/lao_adm1_provinces.geojson",
                source: "geoBoundaries gbOpen LAO (National Geographic Department, OCHA ROAP)",
                licence: "CC BY 3.0 IGO"
            ),
        ]
    )

    // MARK: Published data and progress

    static let brtcSource = "LSB, Lao Social Indicator Survey (illustrative)"

    static func brtc(_ area: String, _ year: Int, _ value: Double, status: String = "A") -> Observation {
        Observation(
            series: "SH_STA_BRTC",
            indicator: "3.1.2",
            area: area,
            period: String(year),
            dimensions: [:],
            unit: "PT",
            value: value,
            status: status,
            source: brtcSource
        )
    }

    /// 3.1.2: national values from 2015, and the provinces in 2023 (drawn on the map).
    static let observations312 = [
        brtc("LA", 2015, 40.1), brtc("LA", 2017, 64.4), brtc("LA", 2020, 71.2, status: "E"), brtc("LA", 2023, 78.6),
        brtc("01", 2023, 96.3), brtc("02", 2023, 52.8),
    ]

    static let progressConfiguration = ProgressConfiguration(
        indicator: "3.1.2",
        series: "SH_STA_BRTC",
        target: 90,
        direction: 1,
        note: "Target from the 9th NSEDP (illustrative)"
    )

    /// Indicator, target and goal results, as the portal computes them.
    static let progress = ProgressAssessment.assess(
        configurations: [progressConfiguration],
        values: ["3.1.2|SH_STA_BRTC||LA": observations312.filter { $0.area == "LA" }.map { (year: Int($0.period)!, value: $0.value) }],
        targetOf: { code in catalog.indicator(code)?.target }
    )

    static func progress(_ level: ProgressResult.Level, _ code: String) -> ProgressResult? {
        progress.first { $0.level == level && $0.code == code }
    }

    // MARK: Assignments and focal points

    static let assignments = [
        Assignment(
            id: 1,
            indicator: "3.1.2",
            series: "SH_STA_BRTC",
            owners: ["MOH"],
            reporter: "LSB",
            legalBasis: LegalBasis(instrument: "Statistics Law", number: "No. 03/NA", date: nil),
            sourceKind: .survey,
            sourceName: "Lao Social Indicator Survey (LSIS)",
            frequency: .quinquennial,
            collectionDue: DayOfYear(month: 10, day: 15),
            releaseCalendar: "Report within 12 months of fieldwork",
            validFrom: date(2024, 1, 1)
        ),
        Assignment(
            id: 2,
            indicator: "18.1.1",
            geographicLevel: .province,
            owners: ["NRA"],
            reporter: nil,
            sourceKind: .administrative,
            sourceName: "UXO casualty database",
            frequency: .annual,
            collectionDue: DayOfYear(month: 3, day: 31),
            validFrom: date(2024, 1, 1)
        ),
    ]

    static let focalPointTerms = [
        FocalPointTerm(
            institution: "MOH",
            role: .owner,
            position: .primary,
            userID: 4,
            userName: "Bounmy Sisouk",
            startedOn: date(2022, 1, 10),
            endedOn: date(2024, 2, 1)
        ),
        FocalPointTerm(
            institution: "MOH",
            role: .owner,
            position: .primary,
            userID: 2,
            userName: "Khamla Vongsa",
            startedOn: date(2024, 2, 1),
            endedOn: nil
        ),
        FocalPointTerm(
            institution: "LSB",
            role: .reporter,
            position: .primary,
            userID: 3,
            userName: "Souksavanh Keomany",
            startedOn: date(2023, 9, 1),
            endedOn: nil
        ),
        FocalPointTerm(
            institution: "LSB",
            role: .reporter,
            position: .alternate,
            userID: 5,
            userName: "Noy Chanthavong",
            startedOn: date(2024, 5, 2),
            endedOn: nil
        ),
    ]

    /// Accounts as (id, name, e-mail), in id order.
    static let accounts: [(id: Int64, name: String, email: String)] = [
        (1, "Somchai Phommachanh", "secretariat@pasan.demo"),
        (2, "Khamla Vongsa", "moh.owner@pasan.demo"),
        (3, "Souksavanh Keomany", "lsb.reporter@pasan.demo"),
        (4, "Bounmy Sisouk", "bounmy@pasan.demo"),
        (5, "Noy Chanthavong", "lsb.alternate@pasan.demo"),
    ]

    // MARK: Reporting cycles

    static let schedule = CycleSchedule(
        requestDate: date(2025, 4, 1),
        ownerDeadline: date(2025, 5, 31),
        reporterDeadline: date(2025, 6, 15),
        statisticsDeadline: date(2025, 6, 30),
        approvalDeadline: date(2025, 7, 15),
        publicationDate: date(2025, 7, 31)
    )

    /// Open: MOH submitted 3.1.2 on time and LSB has not reviewed it yet (a day late); NRA, with
    /// an extension to 10 June, has not delivered 18.1.1.
    static let openCycle = ReportingCycle(
        id: 7,
        name: text("2025 Voluntary National Review", "ການທົບທວນລະດັບຊາດແບບສະໝັກໃຈ 2025"),
        purpose: "Voluntary National Review",
        referenceYears: [2023, 2024],
        indicators: ["3.1.2", "18.1.1"],
        schedule: schedule,
        status: .open,
        extensions: [CycleExtension(institution: "NRA", ownerDeadline: date(2025, 6, 10), reason: "Field season")]
    )

    static let closedCycle = ReportingCycle(
        id: 5,
        name: text("2024 SDG progress report", "ບົດລາຍງານຄວາມຄືບໜ້າ SDG 2024"),
        purpose: "National SDG progress report",
        referenceYears: [2022, 2023],
        indicators: ["3.1.2", "18.1.1"],
        schedule: CycleSchedule(
            requestDate: date(2024, 3, 1),
            ownerDeadline: date(2024, 4, 30),
            reporterDeadline: date(2024, 5, 15),
            statisticsDeadline: date(2024, 5, 31),
            approvalDeadline: date(2024, 6, 15),
            publicationDate: date(2024, 6, 30)
        ),
        status: .closed
    )

    static let requestedItems = [
        RequestedItem(owner: "MOH", indicator: "3.1.2", reporter: "LSB"),
        RequestedItem(owner: "NRA", indicator: "18.1.1", reporter: nil),
    ]

    static let openDashboard = CycleDashboard(
        cycle: openCycle,
        items: requestedItems,
        submissions: [
            "MOH|3.1.2": CycleDashboard.Item(
                indicator: "3.1.2",
                state: .submitted,
                submittedOn: date(2025, 5, 28),
                returns: 1,
                cellsDelivered: 2,
                revision: 1
            )
        ],
        today: today
    )

    static let closedDashboard = CycleDashboard(
        cycle: closedCycle,
        items: requestedItems,
        submissions: [
            "MOH|3.1.2": CycleDashboard.Item(
                indicator: "3.1.2",
                state: .published,
                submittedOn: date(2024, 4, 25),
                returns: 0,
                cellsDelivered: 2,
                revision: 1,
                reviewedOn: date(2024, 5, 10),
                statisticsApprovedOn: date(2024, 5, 30)
            ),
            "NRA|18.1.1": CycleDashboard.Item(
                indicator: "18.1.1",
                state: .published,
                submittedOn: date(2024, 5, 6),
                returns: 1,
                cellsDelivered: 1,
                revision: 2,
                reviewedOn: date(2024, 5, 20),
                statisticsApprovedOn: date(2024, 6, 3)
            ),
        ],
        today: date(2024, 7, 1)
    )

    static func cell(_ area: String, _ year: Int) -> CellKey {
        CellKey(indicator: "3.1.2", series: "SH_STA_BRTC", area: area, period: String(year), dimensions: "")
    }
}
