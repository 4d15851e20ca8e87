import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Issue 10, item 3: search folds what people type differently — the order of a vowel sign and
/// a tone mark (ນໍ້າ and ນ້ຳ), and full-width digits (３．１．２).
@Suite struct SearchFoldingWebTests {
    static func results(_ client: some TestClientProtocol, _ query: String) async throws -> [String] {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let page = String(buffer: try await client.execute(uri: "/lo/search?q=\(encoded)", method: .get).body)
        return page.matches(of: /href="\/lo\/indicators\/([0-9a-z.]+)"/).map { String($0.output.1) }
    }

    @Test func vowelAndToneOrderAndFullWidthDigitsFindTheSamePages() async throws {
        try await withPortal(.sqlite) { client, _ in
            let precomposed = try await Self.results(client, "ນ\u{0EC9}\u{0EB3}")  // ນ້ຳ
            let typed = try await Self.results(client, "ນ\u{0ECD}\u{0EC9}\u{0EB2}")  // ນໍ້າ: ໍ typed before the tone mark
            #expect(precomposed.count >= 17, "ນ້ຳ finds \(precomposed.count) indicators")
            #expect(Set(typed) == Set(precomposed))
            let fullWidth = try await Self.results(client, "３．１．２")
            #expect(fullWidth.contains("3.1.2"))
        }
    }
}
