import PasanDomain
import PasanMessages
import PasanViews
import Testing

/// The plan pages that report and decide (issue 13): the harmonisation with the SDGs (read-only
/// and with the decision form), the comparison of the 8th and 9th plans, the M&E report of 2024
/// (values from an SDG series and the plan's own), and the plan's file (the plan, a new plan, a
/// refused upload with its problems, an accepted one), in Lao and English.
@Suite struct PlanReportPagesTests {
    typealias P = PlanReportFixtures

    // MARK: Snapshots

    @Test(arguments: Language.allCases)
    func harmonisation(_ l: Language) {
        Snapshot.check(P.harmonisationPage(l, canEdit: false).render(), "PlanHarmonisationPage", l)
        Snapshot.check(P.harmonisationPage(l, canEdit: true).render(), "PlanHarmonisationPage-editor", l)
    }

    @Test(arguments: Language.allCases)
    func comparison(_ l: Language) {
        Snapshot.check(P.comparisonPage(l).render(), "PlanComparisonPage", l)
    }

    @Test(arguments: Language.allCases)
    func report(_ l: Language) {
        Snapshot.check(P.reportPage(l).render(), "PlanReportPage", l)
    }

    @Test(arguments: Language.allCases)
    func edit(_ l: Language) {
        Snapshot.check(P.editPage(l).render(), "PlanEditPage", l)
        Snapshot.check(P.editPage(l, plan: nil).render(), "PlanEditPage-new", l)
        Snapshot.check(P.editPage(l, refusal: P.refusal).render(), "PlanEditPage-refused", l)
        let accepted = PlanEditPage.Accepted(
            fileName: "nsedp9.xlsx",
            plan: "nsedp9",
            results: 4,
            indicators: 5,
            links: 4,
            targets: 10,
            values: 4
        )
        Snapshot.check(P.editPage(l, accepted: accepted).render(), "PlanEditPage-accepted", l)
    }

    // MARK: What the pages must say

    /// The report shows where each value comes from: the SDG series of a 'same' link, or the
    /// plan's own source; the year's target and the end-of-plan target; the SDG links.
    @Test func theReportNamesTheOriginOfEachValue() {
        let html = P.reportPage(.en).render()
        #expect(html.contains("SDG series SH_STA_BRTC (3.1.2)"))
        #expect(html.contains("SDG series _L_LA_180101_00 (18.1.1)"))
        // 2.1.2 has its own values: its source, and no series.
        let row212 = section(of: html, from: "/en/plans/nsedp9/indicators/2.1.2", to: "</tr>")
        #expect(row212.contains("MOH, health information system"))
        #expect(!row212.contains("SDG series"))
        #expect(row212.contains("milestone"))
        // Values up to 2024 only; the year's targets and the end-of-plan targets.
        #expect(html.contains("Target 2024"))
        #expect(html.contains(">3.8.1<"))
        #expect(html.contains("(adapted)"))
        #expect(html.contains("Generated on"))
        #expect(html.contains("14 February 2025"))
        #expect(html.contains("plan-illustrative"))
    }

    /// The Lao report is in Lao: headings and the column titles from the catalogue.
    @Test func theLaoReportIsInLao() {
        let html = P.reportPage(.lo).render()
        #expect(html.contains("<html lang=\"lo\">"))
        #expect(html.contains(Language.lo.t("plans_report.report.heading", ["year": .text("2024")])))
        #expect(html.contains(Language.lo.t("plans_report.column.endTarget")))
        #expect(!html.contains(Language.en.t("plans_report.column.endTarget")))
    }

    /// The summary counts each outcome's indicators by status (the outcome 2 has three, one not
    /// yet measured).
    @Test func theSummaryCountsEveryIndicatorOfAnOutcome() {
        let html = P.reportPage(.en).render()
        let summary = section(of: html, from: "report-summary", to: "</table>")
        let outcome2 = section(of: summary, from: "#outcome-2", to: "</tr>")
        #expect(outcome2.contains("<td class=\"num\">3</td>"), "outcome 2 counts its outputs' three indicators")
        #expect(P.progress9["2.2.1"]?.status == .notAvailable)
    }

    /// No page carries an inline style (the Content-Security-Policy forbids it).
    @Test func noInlineStyles() {
        let pages = Language.allCases.flatMap { l in
            [
                P.reportPage(l).render(), P.comparisonPage(l).render(), P.harmonisationPage(l, canEdit: true).render(),
                P.editPage(l, refusal: P.refusal).render(),
            ]
        }
        for html in pages { #expect(!html.contains("style=")) }
    }

    @Test func theHarmonisationHeadlineCountsTheLinkedIndicators() {
        let html = P.harmonisationPage(.en, canEdit: false).render()
        #expect(html.contains("4 of 5 plan indicators are linked to SDG indicators"))
        #expect(html.contains("(4 distinct SDG indicators)"))
        // The goals covered head the matrix in their colours.
        #expect(html.contains("goal-col goal-3"))
        #expect(html.contains("goal-col goal-4"))
        #expect(html.contains("goal-col goal-18"))
        // Read-only: no form.
        #expect(!html.contains("/en/plans/nsedp9/mainstreaming"))
    }

    /// The latest decision shows, the earlier one behind <details>, and the editor's form posts
    /// the choice and the required reason with the CSRF token.
    @Test func mainstreamingDecisionsKeepTheirHistory() {
        let html = P.harmonisationPage(.en, canEdit: true, fields: ["sdg_indicator": "18.2.1", "choice": "later"]).render()
        let decisions = section(of: html, from: "class=\"decisions\"", to: "</table>")
        let row311 = section(of: decisions, from: "/en/indicators/3.1.1", to: "</tr>")
        #expect(row311.contains("The Lao Social Indicator Survey gives a national figure every three years."))
        #expect(row311.contains("<details"))
        #expect(row311.contains("Needs the 2025 census for a national figure."))
        let form = section(of: html, from: "action=\"/en/plans/nsedp9/mainstreaming\"", to: "</form>")
        #expect(form.contains("name=\"_csrf\" value=\"test-token\""))
        #expect(form.contains("<option value=\"18.2.1\" selected=\"selected\">"))
        #expect(form.contains("value=\"later\" required=\"required\" checked=\"checked\""))
        #expect(form.contains("name=\"reason\" id=\"f-reason\" required"))
    }

    /// A refused upload lists every problem with its line, column, what was found and what was
    /// expected, and keeps the reason typed.
    @Test func aRefusedUploadListsEveryProblem() {
        let html = P.editPage(.en, refusal: P.refusal).render()
        let problems = section(of: html, from: "import-problems", to: "</section>")
        #expect(problems.contains("3 problems were found; nothing was imported from this file."))
        for place in ["nsedp9.csv:9", "nsedp9.csv:11", "nsedp9.csv:4"] { #expect(problems.contains(place)) }
        #expect(problems.contains("3.1.9 is not an SDG indicator"))
        #expect(problems.contains("<code>targets</code>"))
        #expect(problems.contains("2027=70"))
        #expect(html.contains("2024 review: new targets"))
    }

    @Test func theEditPageOffersTheFileAndTheCycle() {
        let html = P.editPage(.en).render()
        #expect(html.contains("href=\"/en/plans/nsedp9/plan.csv\""))
        #expect(html.contains("href=\"/en/plans/nsedp9/plan.xlsx\""))
        #expect(html.contains("action=\"/en/admin/plans/import\""))
        #expect(html.contains("enctype=\"multipart/form-data\""))
        #expect(html.contains("name=\"plan\" value=\"nsedp9\""))
        #expect(html.contains("action=\"/en/admin/plans/nsedp9/cycle\""))
        for field in ["name_en", "name_lo", "years", "request_date", "owner_deadline", "publication_date", "minimum_notice"] {
            #expect(html.contains("name=\"\(field)\""))
        }
        // A new plan: the upload only.
        let new = P.editPage(.en, plan: nil).render()
        #expect(!new.contains("/cycle\""))
        #expect(!new.contains("name=\"plan\""))
    }

    @Test func theComparisonCountsAndEvaluates() {
        let c = P.comparison
        #expect(c.count(.kept) == 1)
        #expect(c.count(.changed) == 1)
        #expect(c.count(.dropped) == 1)
        #expect(c.count(.added) == 3)
        let html = P.comparisonPage(.en).render()
        #expect(html.contains("Kept: 1"))
        #expect(html.contains("Added: 3"))
        #expect(html.contains(ProgressMethod.openSDGStatCan.edition))
        #expect(html.contains("/en/plans/nsedp8/indicators/H3"))
        #expect(html.contains("/en/plans/nsedp9/indicators/2.1.1"))
        #expect(html.contains("2017, 2020"))
        #expect(html.contains("plan-illustrative"))
    }

    /// The text of `html` from the first `from` to the next `to` after it (empty if absent).
    func section(of html: String, from: String, to: String) -> String {
        guard let start = html.range(of: from) else { return "" }
        guard let end = html.range(of: to, range: start.upperBound..<html.endIndex) else { return String(html[start.lowerBound...]) }
        return String(html[start.lowerBound..<end.upperBound])
    }
}
