import PasanDomain
import PasanViews
import Testing

/// The activity pages (the list with its filters, one activity, the form, the upload with a
/// refusal and a preview, the places to confirm), in Lao and English, compared with their
/// reviewed snapshots; and what they must show whatever the snapshot says.
@Suite struct ActivityPagesTests {
    typealias F = Fixtures

    static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    static let maternal = Activity(
        id: 11,
        identifier: "LA-PASAN-MOH-1",
        implementer: ActivityOrganisation(role: .implementing, institution: "MOH", name: F.text("Ministry of Health", nil)),
        participants: [
            ActivityOrganisation(role: .implementing, institution: "LWU", name: F.text("Lao Women's Union", nil)),
            ActivityOrganisation(role: .funding, ref: "XM-DAC-41122", name: F.text("Development partner A (illustrative)", nil)),
        ],
        title: F.text("Safe delivery at health centres (illustrative)", "ການເກີດລູກຢ່າງປອດໄພ", .unreviewed),
        description: F.text("Training of midwives.", nil),
        status: .implementation,
        start: date("2024-01-01"),
        end: date("2027-12-31"),
        budget: ActivityBudget(amount: 450_000, currency: "USD"),
        locations: [
            ActivityLocation(areaCode: "1302001", level: .village),
            ActivityLocation(
                areaCode: "1302",
                level: .district,
                match: .point,
                point: GeoPoint(latitude: 16.5, longitude: 105.1),
                note: "point in district 1302"
            ),
            ActivityLocation(areaCode: "1302002", level: .village, match: .name, status: .proposed, givenName: "Ban Seno"),
        ],
        sectors: [ActivitySector(vocabulary: "1", code: "12220")],
        sdgTargets: ["3.1"],
        sdgIndicators: ["3.1.2"],
        origin: .demo,
        isIllustrative: true,
        revision: 2
    )

    static let water = Activity(
        id: 12,
        identifier: "XM-DAC-41122-LA-1",
        implementer: ActivityOrganisation(
            role: .implementing,
            ref: "XM-DAC-41122",
            name: F.text("Development partner A (illustrative)", nil)
        ),
        title: F.text("Rural piped water", nil),
        status: .pipeline,
        start: date("2025-01-01"),
        locations: [ActivityLocation(areaCode: "1302002", level: .village)],
        sdgTargets: ["6.1"],
        origin: .iati
    )

    static let names: [String: LocalizedText] = [
        "13": F.text("Savannakhet", "ສະຫວັນນະເຂດ"), "1302": F.text("Outhoomphone", "ອຸທຸມພອນ"),
        "1302001": F.text("Manyvongxai", "ມະນີວົງໄຊ"), "1302002": F.text("Seno", "ເຊໂນ"),
    ]
    static let institutions: [String: LocalizedText] = [
        "MOH": F.text("Ministry of Health", "ກະຊວງສາທາລະນະສຸກ"), "LWU": F.text("Lao Women's Union", "ສະຫະພັນແມ່ຍິງລາວ"),
    ]

    @Test(arguments: Language.allCases)
    func list(_ l: Language) {
        let html = ActivitiesPage(
            language: l,
            activities: [Self.maternal, Self.water],
            total: 60,
            offset: 0,
            limit: 50,
            filter: ActivitiesPage.Filter(province: "13", sdg: "3"),
            provinces: [("13", Self.names["13"]!)],
            districts: [("1302", Self.names["1302"]!), ("0101", F.text("Chanthabuly", nil))],
            institutions: [("MOH", Self.institutions["MOH"]!)],
            goals: [],
            areaNames: Self.names,
            institutionNames: Self.institutions,
            canEdit: true
        ).render()
        let prefix = "/\(l.rawValue)"
        #expect(html.contains("href=\"\(prefix)/activities/11\"") && html.contains("href=\"\(prefix)/activities/12\""))
        #expect(html.contains("<option value=\"13\" selected=\"selected\">"))
        // Districts of the chosen province only; the next page and the exports keep the filter.
        #expect(!html.contains("value=\"0101\""))
        #expect(html.contains("\(prefix)/activities?province=13&amp;sdg=3&amp;offset=50"))
        #expect(html.contains("\(prefix)/activities/export/activities.csv?province=13&amp;sdg=3"))
        #expect(html.contains("class=\"table-scroll\""))
        #expect(html.contains("\(prefix)/admin/activities/new"))
        Snapshot.check(html, "ActivitiesPage", l)
    }

    @Test(arguments: Language.allCases)
    func detail(_ l: Language) {
        let page = ActivityPage(
            language: l,
            activity: Self.maternal,
            areaNames: Self.names,
            institutionNames: Self.institutions,
            revisions: [
                ActivityPage.Revision(revision: 1, changedBy: "seed", changedAt: "2026-11-01T00:00:00Z", reason: "Pasan's demo data"),
                ActivityPage.Revision(revision: 2, changedBy: "planner", changedAt: "2026-11-20T00:00:00Z", reason: "Budget corrected"),
            ],
            overlaps: [
                ActivityPage.Overlap(
                    id: 7,
                    otherIdentifier: "LA-PASAN-LWU-1",
                    otherTitle: F.text("Village mothers' groups", nil),
                    otherImplementer: Self.institutions["LWU"],
                    level: .village,
                    places: ["1302001"],
                    sharedTargets: ["3.1"],
                    sharedSectors: [],
                    state: .open
                )
            ],
            canEdit: true
        )
        let html = page.render()
        let prefix = "/\(l.rawValue)"
        #expect(html.contains("href=\"\(prefix)/overlaps/7\"") && html.contains("href=\"\(prefix)/places/1302001\""))
        #expect(html.contains("450,000") && html.contains("Budget corrected") && html.contains("Ban Seno"))
        #expect(html.contains("\(prefix)/admin/activities/11"))
        // The latest revision first.
        #expect(html.range(of: "Budget corrected")!.lowerBound < html.range(of: "Pasan&#39;s demo data")?.lowerBound ?? html.endIndex)
        Snapshot.check(html, "ActivityPage", l)
        // Overlaps that cannot be read: said so, not "none".
        var unavailable = page
        unavailable.overlaps = nil
        #expect(unavailable.render().contains(l.t("activities.page.overlapsUnavailable")))
    }

    @Test(arguments: Language.allCases)
    func form(_ l: Language) {
        let html = ActivityEditPage(
            language: l,
            session: F.session(),
            activity: Self.maternal,
            institution: "MOH",
            institutions: [("MOH", Self.institutions["MOH"]!)],
            fields: ["identifier": "LA-PASAN-MOH-1", "title_en": "Safe delivery", "areas": "1302001; 1302", "illustrative": "true"],
            problems: [(column: "areas", message: "9999999 is not one of Pasan's areas")],
            action: "/\(l.rawValue)/admin/activities/11"
        ).render()
        #expect(html.contains("action=\"/\(l.rawValue)/admin/activities/11\"") && html.contains("name=\"_csrf\""))
        #expect(html.contains("name=\"reason\"") && html.contains("required"))
        #expect(html.contains("9999999 is not one of Pasan"))
        #expect(html.contains("type=\"hidden\" name=\"implementer\" value=\"MOH\""))
        Snapshot.check(html, "ActivityEditPage", l)
    }

    @Test(arguments: Language.allCases)
    func upload(_ l: Language) {
        let refused = ActivityImportPage(
            language: l,
            session: F.session(),
            institution: nil,
            refusal: (
                "mixed.csv",
                [
                    ActivityImportPage.Problem(
                        file: "mixed.csv",
                        line: 3,
                        place: "end",
                        found: "2025-01-01",
                        message: Message("activities.file.date", ["value": .text("2025-01-01x")])
                    )
                ]
            ),
            action: "/\(l.rawValue)/admin/activities/import"
        ).render()
        #expect(refused.contains("mixed.csv:3") && refused.contains("role=\"alert\""))
        Snapshot.check(refused, "ActivityImportPage", l)
        let preview = ActivityImportPage(
            language: l,
            session: F.session(),
            institution: "MOH",
            preview: ActivityImportPage.Preview(
                fileName: "moh.csv",
                content: "aWRlbnRpZmllcg==",
                activities: [Self.maternal],
                added: [],
                changed: ["LA-PASAN-MOH-1"],
                unchanged: [],
                proposedPlaces: 1
            ),
            action: "/\(l.rawValue)/admin/institutions/MOH/activities/import"
        ).render()
        #expect(preview.contains("name=\"confirm\" value=\"1\"") && preview.contains("value=\"aWRlbnRpZmllcg==\""))
        Snapshot.check(preview, "ActivityImportPage-preview", l)
    }

    @Test(arguments: Language.allCases)
    func proposedPlaces(_ l: Language) {
        let html = ActivityLocationsPage(
            language: l,
            session: F.session(),
            items: [
                ActivityLocationsPage.Item(
                    activityID: 11,
                    identifier: "LA-PASAN-MOH-1",
                    title: Self.maternal.title,
                    position: 2,
                    location: Self.maternal.locations[2]
                )
            ],
            areaNames: Self.names
        ).render()
        #expect(html.contains("action=\"/\(l.rawValue)/admin/activities/11/locations/2\""))
        #expect(html.contains("name=\"decision\" value=\"confirm\"") && html.contains("name=\"decision\" value=\"decline\""))
        Snapshot.check(html, "ActivityLocationsPage", l)
    }
}
