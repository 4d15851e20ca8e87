import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import PasanViews
import Testing

@testable import PasanWeb

/// The footer's links all answer, in both languages; `/{lang}/downloads` is a real, cached page
/// with the zip, each indicator's CSV and the API.
@Suite struct DownloadsTests {
    static func footerLinks(_ html: String) -> [String] {
        guard let footer = html.firstMatch(of: /<footer[^>]*>(.*)<\/footer>/.dotMatchesNewlines()) else { return [] }
        return footer.1.matches(of: /href="([^"]+)"/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
    }

    @Test(arguments: Backend.all, Language.allCases)
    func everyFooterLinkAnswers(backend: Backend, language: Language) async throws {
        try await withPortal(backend) { client, _ in
            for page in ["/\(language.rawValue)/", "/\(language.rawValue)/indicators/18.1.1", "/\(language.rawValue)/downloads"] {
                let links = Self.footerLinks(try await client.execute(uri: page, method: .get).text)
                #expect(links.contains("/\(language.rawValue)/downloads"), "\(page)")
                #expect(links.count >= 6, "\(page): \(links)")
                for link in links {
                    let response = try await client.execute(uri: link, method: .get)
                    #expect(response.status == .ok, "\(page) → \(link)")
                }
            }
        }
    }

    @Test(arguments: Backend.all, Language.allCases)
    func theDownloadsPageListsTheZipEachIndicatorAndTheAPI(backend: Backend, language: Language) async throws {
        try await withPortal(backend) { client, _ in
            let l = language.rawValue
            let response = try await client.execute(uri: "/\(l)/downloads", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = response.text
            #expect(html.hasPrefix("<!DOCTYPE html><html lang=\"\(l)\""))
            #expect(html.contains(language == .lo ? "ດາວໂຫຼດຂໍ້ມູນ" : "Data downloads"))
            #expect(html.contains("href=\"/downloads/pasan-data.zip\""))
            // The demo publishes SDG 18 values: its indicators have a CSV; indicators without data do not.
            #expect(html.contains("href=\"/\(l)/indicators/18.1.1/data.csv\""))
            #expect(!html.contains("href=\"/\(l)/indicators/1.1.1/data.csv\""))
            #expect(html.contains("/api/v1/indicators/3.1.2/data") && html.contains("/api/v1/goals") && html.contains("/api/v1/cycles"))
            // The other language's twin.
            #expect(html.contains("hreflang=\"\(language.other.rawValue)\" href=\"/\(language.other.rawValue)/downloads\""))
            // Every link of its content answers (the per-indicator CSVs, the zip, the API).
            let main = try #require(html.firstMatch(of: /<main[^>]*>(.*)<\/main>/.dotMatchesNewlines())).1
            let links = Set(main.matches(of: /href="(\/[^"]*)"/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") })
            #expect(links.count > 12)
            for link in links {
                #expect(try await client.execute(uri: link, method: .get).status == .ok, "\(link)")
            }
            // Cached like the other public pages: an ETag, and 304 when it has not changed.
            let etag = try #require(response.headers[.eTag])
            let again = try await client.execute(uri: "/\(l)/downloads", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
        }
    }
}

/// The public recognition page ranks reporters and LSB as it ranks owners (the demo's closed
/// cycle: MOH sent two indicators that its reporter never reviewed; nothing reached LSB).
@Suite struct RecognitionStagesTests {
    @Test(arguments: Backend.all)
    func recognitionShowsEachStep(backend: Backend) async throws {
        try await withPortal(backend) { client, _ in
            let en = try await client.execute(uri: "/en/recognition", method: .get)
            #expect(en.status == .ok)
            let html = en.text
            for heading in ["Owners deliver", "Reporters review", "LSB approves statistics"] {
                #expect(html.contains("<h3>\(heading)</h3>"), "\(heading)")
            }
            let reporters = try #require(html.firstMatch(of: /<h3>Reporters review<\/h3>(.*?)<\/table>/.dotMatchesNewlines())).1
            #expect(reporters.contains("Ministry of Health") && reporters.contains("0 %</td>"))
            #expect(html.contains("Nothing was due at this step."))
            let lo = try await client.execute(uri: "/lo/recognition", method: .get).text
            #expect(lo.contains("<h3>ຜູ້ລາຍງານກວດກາ</h3>") && lo.contains("<h3>ສຖຕ ຮັບຮອງສະຖິຕິ</h3>"))
        }
    }
}
