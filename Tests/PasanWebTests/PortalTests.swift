import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PasanDomain
import PasanStorage
import PasanTestSupport
import PasanViews
import Testing

@testable import PasanWeb

/// Runs `body` against the real router over a fresh seeded database of `backend`.
func withPortal(_ backend: Backend, _ body: @escaping @Sendable (any TestClientProtocol, PortalState) async throws -> Void) async throws {
    try await TestDatabases.withSeeded(backend) { database in
        let state = try await PortalState.load(database: database, defaultLanguage: .lo)
        let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
        try await app.test(.router) { client in try await body(client, state) }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// Every page of the portal, in both languages, on both databases.
@Suite struct PortalPageTests {
    static let pages: [(String, String)] = [
        ("/{l}/", "goal-tile"),
        ("/{l}/goals/3", "3.1.2"),
        ("/{l}/goals/18", "18.1.1"),
        ("/{l}/indicators/3.1.2", "SH_STA_BRTC"),
        ("/{l}/indicators/18.1.1", "_L_LA_180101_00"),
        ("/{l}/indicators/4.5.1.a", "4.5.1"),
        ("/{l}/places", "LA-VT"),
        ("/{l}/places/01", "0101"),
        ("/{l}/places/0101", "0101001"),
        ("/{l}/places/0103", "0103"),
        ("/{l}/search?q=3.1.2", "/{l}/indicators/3.1.2"),
        ("/{l}/institutions", "MOLSW"),
        ("/{l}/about/data", "geoBoundaries"),
        ("/{l}/institutions/MOH/handbook", "3.1.2"),
        ("/{l}/responsibilities", "<svg"),
        ("/{l}/recognition", " %</td>"),
        ("/{l}/progress", "bar"),
        ("/{l}/reporting-status", "stack"),
        ("/{l}/data-availability", "18.1.1"),
        ("/{l}/methodology", "escap-2017-2026-draft"),
        ("/{l}/indicators/18.1.1?series=_L_LA_180101_01&breakdown=SEX", "<svg class=\"chart\""),
    ]

    @Test(arguments: Backend.all, Language.allCases)
    func everyPageRendersInBothLanguages(backend: Backend, language: Language) async throws {
        try await withPortal(backend) { client, _ in
            for (pattern, expected) in Self.pages {
                let uri = pattern.replacingOccurrences(of: "{l}", with: language.rawValue)
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                let html = response.text
                #expect(html.hasPrefix("<!DOCTYPE html><html lang=\"\(language.rawValue)\""), "\(uri)")
                #expect(html.contains(expected.replacingOccurrences(of: "{l}", with: language.rawValue)), "\(uri) lacks \(expected)")
                // The switch to the other language points at the same page.
                let other = uri.replacingOccurrences(of: "/\(language.rawValue)/", with: "/\(language.other.rawValue)/")
                    .replacingOccurrences(of: "q=3.1.2", with: "q=3.1.2").components(separatedBy: "?")[0]
                #expect(html.contains("href=\"\(other)"), "\(uri) has no link to \(other)")
            }
        }
    }

    @Test(arguments: Backend.all)
    func homeShowsTheEighteenGoalsInSDGColours(backend: Backend) async throws {
        try await withPortal(backend) { client, _ in
            let html = try await client.execute(uri: "/lo/", method: .get).text
            #expect(html.components(separatedBy: "class=\"goal-tile").count - 1 == 18)
            // The colours are classes (no inline style: the Content-Security-Policy forbids it).
            let css = try await client.execute(uri: AssetPath.stylesheet, method: .get).text
            for (goal, colour) in [(1, "#E5243B"), (17, "#19486A"), (18, GoalColours.nationalGoal18)] {
                #expect(html.contains("goal-tile goal-\(goal)\"") || html.contains("goal-tile goal-\(goal) "))
                #expect(css.contains(".goal-\(goal) { background: \(colour); }"))
            }
            #expect(html.contains("ບໍ່ມີຄວາມທຸກຍາກ"))
            #expect(html.contains(AssetPath.fontRegular))
            // Machine-translated Lao titles carry a visible marker.
            #expect(html.contains("class=\"mt-mark\""))
        }
    }

    @Test func rootRedirectsToTheDefaultLanguage() async throws {
        try await withPortal(.sqlite) { client, _ in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .found)
            #expect(response.headers[.location] == "/lo/")
        }
    }

    @Test func notFoundPagesSpeakTheLanguageOfTheAddress() async throws {
        try await withPortal(.sqlite) { client, _ in
            for (uri, expected) in [
                ("/en/no-such-page", "Page not found"), ("/lo/no-such-page", "ບໍ່ພົບໜ້ານີ້"),
                ("/en/indicators/99.9.9", "Page not found"), ("/lo/goals/42", "ບໍ່ພົບໜ້ານີ້"),
                ("/en/places/9999", "Page not found"), ("/xx/goals/3", "ບໍ່ພົບໜ້ານີ້"), ("/nowhere", "ບໍ່ພົບໜ້ານີ້"),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
                #expect(response.text.contains(expected), "\(uri)")
            }
        }
    }

    @Test func searchFindsCodesAndLaoPhrasesFromTheMiddleOfTitles() async throws {
        try await withPortal(.sqlite) { client, state in
            let byCode = try await client.execute(uri: "/en/search?q=3.1.2", method: .get).text
            #expect(byCode.contains("<a href=\"/en/indicators/3.1.2\">"))
            let title = try #require(state.catalog.indicator("3.1.2")?.title.lo)
            let scalars = Array(title.unicodeScalars)
            // Eight scalars from the middle, wherever they fall: possibly starting on a vowel sign.
            let middle = String(String.UnicodeScalarView(scalars[(scalars.count / 3)..<(scalars.count / 3 + 8)]))
            let encoded = middle.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let byLao = try await client.execute(uri: "/lo/search?q=\(encoded)", method: .get).text
            #expect(byLao.contains("href=\"/lo/indicators/3.1.2\""), "searching for \(middle)")
            let nothing = try await client.execute(uri: "/en/search?q=zzzzqqq", method: .get).text
            #expect(nothing.contains("No results"))
        }
    }

    @Test func conditionalRequestsGetNotModified() async throws {
        try await withPortal(.sqlite) { client, _ in
            let first = try await client.execute(uri: "/en/indicators/3.1.2", method: .get)
            let etag = try #require(first.headers[.eTag])
            let second = try await client.execute(uri: "/en/indicators/3.1.2", method: .get, headers: [.ifNoneMatch: etag])
            #expect(second.status == .notModified)
            #expect(second.body.readableBytes == 0)
        }
    }

    @Test func pagesEscapeWhatUsersType() async throws {
        try await withPortal(.sqlite) { client, _ in
            // Text and attribute values alike: a quote must not end the attribute it is in.
            let html = try await client.execute(uri: "/en/search?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", method: .get).text
            #expect(!html.contains("<script>"))
            #expect(html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
        }
    }

    @Test func staticAssetsAreServed() async throws {
        try await withPortal(.sqlite) { client, _ in
            let css = try await client.execute(uri: "/assets/pasan.css", method: .get)
            #expect(css.status == .ok)
            #expect(css.text.contains("Noto Sans Lao"))
            let font = try await client.execute(uri: AssetPath.fontRegular, method: .get)
            #expect(font.status == .ok)
            #expect(font.body.readableBytes > 10_000)
            #expect(font.headers[.contentType] == "font/ttf")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            // The stylesheet's own address, with its version query, is the one pages use.
            #expect(try await client.execute(uri: AssetPath.stylesheet, method: .get).status == .ok)
            // Conditional requests: the same ETag gets 304 without a body.
            let etag = try #require(css.headers[.eTag])
            let again = try await client.execute(uri: "/assets/pasan.css", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(try await client.execute(uri: "/assets/no-such.css", method: .get).status == .notFound)
            // HEAD is GET without the body.
            let head = try await client.execute(uri: "/en/indicators/3.1.2", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            let get = try await client.execute(uri: "/en/indicators/3.1.2", method: .get)
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            #expect(head.headers[.eTag] == get.headers[.eTag])
            #expect(try await client.execute(uri: "/en/no-such-page", method: .head).status == .notFound)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }
}

@Suite struct AttributeInjectionTests {
    @Test func aCraftedResetTokenCannotBreakOutOfAnAttribute() async throws {
        try await withPortal(.sqlite) { client, _ in
            let response = try await client.execute(uri: "/en/password-reset/x%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", method: .get)
            #expect(!response.text.contains("<script>"))
        }
    }
}
