import Foundation
import PasanDomain
import PasanViews
import Testing

/// The API tokens pages (issue 12, part 3), from `Fixtures`, in Lao and English, compared with
/// their reviewed snapshots: an institution's tokens in each status, the token just created
/// (shown once), a refused form, and the list of institutions.
@Suite struct APITokenPageSnapshotTests {
    typealias F = Fixtures

    static func moment(_ day: LocalDate, _ hour: Int, _ minute: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))!
    }

    static let tokens: [APIToken] = [
        APIToken(
            id: 3,
            institution: "MOH",
            name: "HMIS bridge",
            prefix: "pasan_3f9a01c2",
            scope: .write,
            createdAt: moment(F.date(2025, 6, 2), 3, 15),
            createdBy: "Somchai Phommachanh <moh.owner@pasan.demo>",
            expiresOn: F.date(2025, 9, 1),
            lastUsedAt: moment(F.date(2025, 6, 16), 2, 41)
        ),
        APIToken(
            id: 2,
            institution: "MOH",
            name: "Malaria register (read only)",
            prefix: "pasan_77b0e4d9",
            scope: .read,
            createdAt: moment(F.date(2024, 6, 1), 8, 0),
            createdBy: "Somchai Phommachanh <moh.owner@pasan.demo>",
            expiresOn: F.date(2025, 5, 31)
        ),
        APIToken(
            id: 1,
            institution: "MOH",
            name: "Old export script",
            prefix: "pasan_0c1d2e3f",
            scope: .write,
            createdAt: moment(F.date(2024, 1, 10), 9, 30),
            createdBy: "Secretariat officer <officer@pasan.demo>",
            expiresOn: F.date(2025, 1, 9),
            lastUsedAt: moment(F.date(2024, 11, 30), 23, 59),
            revokedAt: moment(F.date(2024, 12, 2), 4, 5),
            revokedBy: "Secretariat officer <officer@pasan.demo>"
        ),
    ]

    static func page(_ l: Language, session: PageSession = F.session()) -> APITokensPage {
        APITokensPage(
            language: l,
            session: session,
            institution: F.institution("MOH"),
            tokens: tokens,
            today: F.today,
            form: APITokensPage.emptyForm(today: F.today)
        )
    }

    @Test(arguments: Language.allCases)
    func institutionTokens(_ l: Language) {
        Snapshot.check(Self.page(l).render(), "APITokensPage", l)
    }

    @Test(arguments: Language.allCases)
    func aCreatedTokenIsShownOnce(_ l: Language) {
        var page = Self.page(l)
        page.created = (Self.tokens[0], "pasan_3f9a01c2_q7Xr-2mZbV9kLw0_TyH4sPdN8eUcA1fGjRoKiW5xYzB")
        let html = page.render()
        #expect(html.contains("pasan_3f9a01c2_q7Xr-2mZbV9kLw0_TyH4sPdN8eUcA1fGjRoKiW5xYzB"))
        Snapshot.check(html, "APITokensPage-created", l)
        // Without it, only prefixes: no secret on the page.
        #expect(!Self.page(l).render().contains("pasan_3f9a01c2_"))
    }

    @Test(arguments: Language.allCases)
    func aRefusedForm(_ l: Language) {
        let problem = APITokenRules.problems(name: "", expiresOn: F.today.adding(days: 400), today: F.today).map { $0.text(in: l) }
        var page = Self.page(l, session: F.session(errors: problem))
        page.tokens = []
        page.form = APITokensPage.Form(name: "", scope: .read, expiresOn: F.today.adding(days: 400).description)
        Snapshot.check(page.render(), "APITokensPage-refused", l)
    }

    @Test(arguments: Language.allCases)
    func overview(_ l: Language) {
        let page = APITokensOverviewPage(
            language: l,
            session: F.session(),
            institutions: [(F.institution("MOH"), 2), (F.institution("LSB"), 0), (F.institution("NRA"), 1)]
        )
        Snapshot.check(page.render(), "APITokensOverviewPage", l)
    }
}
