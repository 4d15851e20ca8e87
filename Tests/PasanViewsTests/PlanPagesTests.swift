import PasanDomain
import PasanViews
import Testing

/// The public plan pages (plans, plan, outcome/output, plan indicator), built from `PlanFixtures`,
/// in Lao and English, compared with their reviewed snapshots; and what they must show whatever
/// the snapshot says (the flow of values, the revised target kept visible, the forms).
@Suite struct PlanPagesTests {
    typealias P = PlanFixtures
    typealias F = Fixtures

    static func plansPage(_ l: Language) -> PlansPage {
        PlansPage(
            language: l,
            entries: [
                PlansPage.Entry(
                    document: PlanDocument(
                        plan: P.nsedp9,
                        results: P.results,
                        indicators: [P.births, P.coverage, P.growth],
                        links: [P.birthsLink, P.coverageLink]
                    )
                ),
                PlansPage.Entry(plan: P.nsedp8, outcomeCount: 3, outputCount: 0, indicatorCount: 12, sdgLinkedCount: 9),
                PlansPage.Entry(
                    plan: P.healthPlan,
                    outcomeCount: 1,
                    outputCount: 1,
                    indicatorCount: 0,
                    sdgLinkedCount: 0,
                    institutionName: F.institutionNames["MOH"]
                ),
            ],
            canEdit: true
        )
    }

    static func planPage(_ l: Language, canEdit: Bool = true) -> PlanPage {
        PlanPage(
            language: l,
            plan: P.nsedp9,
            results: P.results,
            indicators: P.rows,
            resultProgress: P.resultProgress,
            otherPlans: [P.nsedp8, P.nsedp9],
            reportYear: 2024,
            canEdit: canEdit
        )
    }

    static func indicatorPage(_ l: Language, editor: Bool) -> PlanIndicatorPage {
        PlanIndicatorPage(
            language: l,
            plan: P.nsedp9,
            result: P.output21,
            indicator: P.births,
            links: [P.birthsLink],
            values: P.birthsValues,
            targetRevisions: P.birthsRevisions,
            progress: P.birthsProgress,
            ownerName: F.institutionNames["MOH"],
            sdgTitles: ["3.1.2": F.indicator312.title],
            sameSeries: F.series.first { $0.code == "SH_STA_BRTC" },
            session: editor ? F.session() : nil,
            canEdit: editor,
            indicatorRow: ["title_en": P.births.title.en, "unit": "PT", "direction": "increase", "sdg_links": "3.1.2/SH_STA_BRTC:same"]
        )
    }

    @Test(arguments: Language.allCases)
    func plans(_ l: Language) {
        let html = Self.plansPage(l).render()
        // The counts of a whole plan: 2 outcomes, 2 outputs, 3 indicators, 2 linked to the SDGs.
        #expect(html.contains("<td class=\"num\">2</td><td class=\"num\">2</td><td class=\"num\">3</td><td class=\"num\">2</td>"))
        #expect(html.contains("href=\"/\(l.rawValue)/plans/moh-hsdp9\""))
        #expect(html.contains("href=\"/\(l.rawValue)/admin/plans/import\""))
        Snapshot.check(html, "PlansPage", l)
        #expect(!PlansPage(language: l, entries: [], canEdit: false).render().contains("/admin/plans/import"))
    }

    @Test(arguments: Language.allCases)
    func plan(_ l: Language) {
        let html = Self.planPage(l).render()
        let p = "/\(l.rawValue)/plans/nsedp9"
        for link in [
            "\(p)/harmonisation", "\(p)/report/2024", "\(p)/compare/nsedp8", "\(p)/plan.csv", "\(p)/plan.xlsx",
            "/\(l.rawValue)/admin/plans/nsedp9",
            "\(p)/indicators/2.1.a", "\(p)/results/2.1", "/\(l.rawValue)/indicators/3.1.2",
        ] {
            #expect(html.contains("href=\"\(link)\""), "no link to \(link)")
        }
        // No comparison of the plan with itself.
        #expect(!html.contains("\(p)/compare/nsedp9"))
        // The outputs from the 2019 draft are marked as placed by Pasan, the outcomes' wording unverified.
        #expect(html.components(separatedBy: l.t("plans_views.result.placementUnconfirmed")).count - 1 == 2)
        #expect(html.components(separatedBy: l.t("plans_views.result.unverified") + "<").count - 1 == 2)
        Snapshot.check(html, "PlanPage", l)
        #expect(!Self.planPage(l, canEdit: false).render().contains("/admin/plans/nsedp9"))
    }

    @Test(arguments: Language.allCases)
    func outcome(_ l: Language) {
        let page = PlanResultPage(
            language: l,
            plan: P.nsedp9,
            result: P.outcome2,
            children: [P.output21],
            resultProgress: P.resultProgress
        )
        let html = page.render()
        #expect(html.contains("href=\"/\(l.rawValue)/plans/nsedp9/results/2.1\""))
        Snapshot.check(html, "PlanResultPage", l)
    }

    @Test(arguments: Language.allCases)
    func output(_ l: Language) {
        let page = PlanResultPage(
            language: l,
            plan: P.nsedp9,
            result: P.output21,
            parent: P.outcome2,
            indicators: Array(P.rows.prefix(2)),
            resultProgress: P.resultProgress,
            alignedFrom: [.init(plan: P.healthPlan, result: P.healthOutput)]
        )
        #expect(page.placementUnconfirmed)
        let html = page.render()
        #expect(html.contains("href=\"/\(l.rawValue)/plans/moh-hsdp9/results/1.1\""))
        Snapshot.check(html, "PlanResultPage-output", l)
    }

    @Test(arguments: Language.allCases)
    func sectorOutput(_ l: Language) {
        let page = PlanResultPage(
            language: l,
            plan: P.healthPlan,
            result: P.healthOutput,
            parent: P.healthOutcome,
            alignsWith: [.init(plan: P.nsedp9, result: P.output21)]
        )
        let html = page.render()
        #expect(html.contains("href=\"/\(l.rawValue)/plans/nsedp9/results/2.1\""))
        // The alignment that names no known output is shown as written, not dropped.
        #expect(html.contains("nsedp9/9.9"))
        Snapshot.check(html, "PlanResultPage-sector", l)
    }

    @Test(arguments: Language.allCases)
    func indicatorForEditors(_ l: Language) {
        let html = Self.indicatorPage(l, editor: true).render()
        // The original end-of-plan target stays visible, struck through, with the revision's reason.
        #expect(html.contains("<del>85</del>"))
        #expect(html.contains("<strong>80</strong>"))
        #expect(html.contains("Mid-term review"))
        // The values flow from the SDG series, and the page says so.
        #expect(html.contains("SH_STA_BRTC"))
        #expect(html.contains("class=\"plan-origin sdg\""))
        #expect(!html.contains("class=\"plan-origin plan\""))
        // The chart marks the annual target besides the end-of-plan target.
        #expect(html.contains("<path class=\"marker\""))
        // The three forms (value, target, the indicator's row) post to their addresses with the CSRF token.
        let p = "/\(l.rawValue)/plans/nsedp9/indicators/2.1.a"
        #expect(html.contains("action=\"\(p)/values\""))
        #expect(html.contains("action=\"\(p)/targets\""))
        #expect(html.contains("action=\"\(p)/edit\""))
        #expect(html.components(separatedBy: "name=\"_csrf\" value=\"test-token\"").count - 1 == 3)
        // The indicator's form starts from its row of the plan file.
        #expect(html.contains("value=\"3.1.2/SH_STA_BRTC:same\""))
        #expect(html.contains("<option value=\"increase\" selected=\"selected\">"))
        // The method's edition is recorded with each status.
        #expect(html.contains(ProgressMethod.openSDGStatCan.edition))
        Snapshot.check(html, "PlanIndicatorPage", l)
        // The fields the web layer reads, with ids apart in the two forms.
        for name in ["year", "value", "source", "reason", "kind", "remove"] {
            #expect(html.contains("name=\"\(name)\""), "no field \(name)")
        }
        #expect(html.contains("id=\"v-year\"") && html.contains("id=\"t-year\""))
        // After a refused target, the target form is refilled and the value form left empty.
        var refused = Self.indicatorPage(l, editor: true)
        refused.fields = ["form": "target", "year": "2031", "kind": "annual", "value": "90", "reason": "Typo"]
        let again = refused.render()
        #expect(again.contains("id=\"t-year\" value=\"2031\""))
        #expect(!again.contains("id=\"v-year\" value=\"2031\""))
        #expect(again.contains("<option value=\"annual\" selected=\"selected\">"))
        let anonymous = Self.indicatorPage(l, editor: false).render()
        #expect(!anonymous.contains("<form method=\"post\""))
    }

    @Test(arguments: Language.allCases)
    func indicatorWithOwnValues(_ l: Language) {
        let page = PlanIndicatorPage(
            language: l,
            plan: P.nsedp9,
            result: P.output21,
            indicator: P.coverage,
            links: [P.coverageLink],
            values: P.coverageValues,
            progress: P.coverageProgress,
            ownerName: F.institutionNames["LSB"],
            sdgTitles: ["3.1.1": F.indicator311.title]
        )
        let html = page.render()
        #expect(html.contains("class=\"plan-origin plan\""))
        #expect(!html.contains("class=\"plan-origin sdg\""))
        // Progress against the end-of-plan target and the 2025 milestone, one row each.
        #expect(html.components(separatedBy: "<tr class=\"progress-row").count - 1 == 2)
        Snapshot.check(html, "PlanIndicatorPage-own-values", l)
    }

    @Test(arguments: Language.allCases)
    func indicatorWithoutValues(_ l: Language) {
        let page = PlanIndicatorPage(language: l, plan: P.nsedp9, result: P.outcome1, indicator: P.growth)
        let html = page.render()
        #expect(html.contains(l.t("plans_views.indicator.noValues")))
        #expect(!html.contains("<svg"))
        Snapshot.check(html, "PlanIndicatorPage-no-values", l)
    }
}
