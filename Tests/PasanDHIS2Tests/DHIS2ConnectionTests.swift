import Foundation
import PasanDomain
import Testing

@testable import PasanDHIS2

/// The base URL and the credential, checked without any network.
struct DHIS2ConnectionTests {
    static let token = DHIS2Credential.token("d2pat_pnYn8adyxM0kjXZkOUrY7SOhF96h9ktn2188301857")

    func connection(_ url: String, _ credential: DHIS2Credential = token) throws -> DHIS2Connection {
        try DHIS2Connection(baseURL: url, credential: credential)
    }

    func refusal(_ url: String, _ credential: DHIS2Credential = token) -> DHIS2ClientError? {
        do {
            _ = try DHIS2Connection(baseURL: url, credential: credential)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("https://hmis.gov.la", "https://hmis.gov.la"),
        ("https://hmis.gov.la/", "https://hmis.gov.la"),
        ("  https://hmis.gov.la/dhis/  ", "https://hmis.gov.la/dhis"),
        ("HTTPS://hmis.gov.la:8443/dhis", "https://hmis.gov.la:8443/dhis"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://hmis.gov.la/dhis/api", "https://hmis.gov.la/dhis"),
        ("https://hmis.gov.la/dhis/api/41/", "https://hmis.gov.la/dhis"),
        ("https://hmis.gov.la/dhis/dhis-web-dashboard/#/", "https://hmis.gov.la/dhis"),
        ("https://hmis.gov.la/dhis-web-login/?redirect=x", "https://hmis.gov.la"),
        ("https://hmis.gov.la/health/dhis", "https://hmis.gov.la/health/dhis"),
    ])
    func baseURLIsReducedToTheServersBase(input: String, expected: String) throws {
        #expect(try connection(input).baseURL.absoluteString == expected)
    }

    @Test func resourcesAreBelowTheBasePathAndQueriesStayReadable() throws {
        let connection = try connection("https://hmis.gov.la/dhis")
        #expect(connection.host == "hmis.gov.la")
        #expect(connection.path("system/info.json") == "/dhis/api/system/info.json")
        let url = connection.url(
            "analytics/dataValueSet.json",
            query: [("dimension", "dx:a1;b2.c3"), ("dimension", "pe:2024Q1"), ("fields", "id,parent[id]"), ("x", "a&b=c d")]
        )
        #expect(
            url == "https://hmis.gov.la/dhis/api/analytics/dataValueSet.json?dimension=dx:a1;b2.c3&dimension=pe:2024Q1"
                + "&fields=id,parent[id]&x=a%26b%3Dc%20d"
        )
        #expect(try self.connection("http://localhost:9090").host == "localhost:9090")
    }

    @Test(arguments: [
        ("", "dhis2_client.url.empty"),
        ("hmis.gov.la/dhis", "dhis2_client.url.scheme"),
        ("ftp://hmis.gov.la/dhis", "dhis2_client.url.scheme"),
        ("file:///etc/passwd", "dhis2_client.url.scheme"),
        ("javascript://alert(1)", "dhis2_client.url.scheme"),
        ("https://", "dhis2_client.url.invalid"),
        ("https://hmis.gov.la/dhis?x=1", "dhis2_client.url.query"),
        ("https://hmis.gov.la/dhis#top", "dhis2_client.url.query"),
        ("https://admin:district@hmis.gov.la/dhis", "dhis2_client.url.credentials"),
        ("https://admin@hmis.gov.la", "dhis2_client.url.credentials"),
    ])
    func badAddressesAreRefusedWithWhatToCorrect(input: String, key: String) throws {
        let error = try #require(refusal(input))
        #expect(error.kind == .invalidURL)
        #expect(error.message.key == key)
        #expect(!error.isRetryable)
    }

    @Test func aRefusedAddressNeverShowsItsPassword() throws {
        let error = try #require(refusal("https://admin:s3cret-pw@hmis.gov.la/dhis"))
        guard case .text(let shown)? = error.message.arguments["url"] else {
            Issue.record("the refusal names the address")
            return
        }
        #expect(!shown.contains("s3cret-pw"))
        #expect(shown.contains("hmis.gov.la/dhis"))
        #expect(!"\(error)".contains("s3cret-pw"))
    }

    @Test func credentialsAreSentAsDHIS2ExpectsThem() throws {
        #expect(try connection("https://h.la").credential.authorization == "ApiToken d2pat_pnYn8adyxM0kjXZkOUrY7SOhF96h9ktn2188301857")
        let basic = try connection("https://h.la", .basic(username: "admin", password: "district"))
        #expect(basic.credential.authorization == "Basic YWRtaW46ZGlzdHJpY3Q=")
        // A token pasted with its header word and spaces is the token.
        let pasted = try connection("https://h.la", .token("  ApiToken d2pat_abc123 \n"))
        #expect(pasted.credential == .token("d2pat_abc123"))
        // Lao letters in a password are sent as UTF-8.
        let lao = try connection("https://h.la", .basic(username: "somchai", password: "\u{0EAA}\u{0EB0}1"))
        #expect(lao.credential.authorization == "Basic " + Data("somchai:\u{0EAA}\u{0EB0}1".utf8).base64EncodedString())
    }

    @Test(arguments: [
        (DHIS2Credential.token(""), "dhis2_client.credential.tokenEmpty"),
        (.token("   "), "dhis2_client.credential.tokenEmpty"),
        (.token("d2pat_abc\r\nX-Evil: 1"), "dhis2_client.credential.tokenCharacters"),
        (.token("d2pat abc"), "dhis2_client.credential.tokenCharacters"),
        (.basic(username: "", password: "district"), "dhis2_client.credential.basicEmpty"),
        (.basic(username: "admin", password: ""), "dhis2_client.credential.basicEmpty"),
        (.basic(username: "ad:min", password: "district"), "dhis2_client.credential.basicCharacters"),
        (.basic(username: "admin", password: "dis\ntrict"), "dhis2_client.credential.basicCharacters"),
    ])
    func unusableCredentialsAreRefused(credential: DHIS2Credential, key: String) throws {
        let error = try #require(refusal("https://hmis.gov.la", credential))
        #expect(error.kind == .invalidCredential)
        #expect(error.message.key == key)
    }

    @Test func noDescriptionShowsTheSecret() throws {
        let secrets = ["d2pat_pnYn8adyxM0kjXZkOUrY7SOhF96h9ktn2188301857", "district-pw-42"]
        let token = try connection("https://hmis.gov.la/dhis")
        let basic = try connection("https://hmis.gov.la/dhis", .basic(username: "admin", password: "district-pw-42"))
        var texts: [String] = []
        for subject in [token, basic] {
            texts += [
                "\(subject)", String(describing: subject), String(reflecting: subject), "\(subject.credential)",
                String(reflecting: subject.credential), "\([subject.credential])",
            ]
            var dumped = ""
            dump(subject, to: &dumped)
            dump(subject.credential, to: &dumped)
            texts.append(dumped)
            texts.append(Mirror(reflecting: subject.credential).children.map { "\($0.value)" }.joined())
        }
        for text in texts {
            for secret in secrets { #expect(!text.contains(secret), "\(text)") }
        }
        #expect("\(basic.credential)".contains("admin"))
        #expect("\(token)".contains("https://hmis.gov.la/dhis"))
    }
}
