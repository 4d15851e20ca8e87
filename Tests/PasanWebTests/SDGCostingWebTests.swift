import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanMessages
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Issue 17, item 6: the costing page sums what the registry holds, in both languages, with the
/// double counting across targets and the illustrative data said.
@Suite struct SDGCostingWebTests {
    @Test(arguments: Backend.all)
    func theCostingPageSumsTheRegistry(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let costing = SDGCosting(activities: try await ActivityRepository(database: database).all())
            let usd = try #require(costing.tables.first { $0.currency == "USD" })
            try await app.test(.router) { client in
                let en = String(buffer: try await client.execute(uri: "/en/costing", method: .get).body)
                #expect(en.contains("Budgets in USD") && en.contains("illustrative (demo) activities"))
                #expect(en.contains("Target 3.1") && en.contains("Budgeted, each activity once"))
                let total = TextFormat.decimal(usd.distinctTotal.values.reduce(0, +), fractionDigits: 0, in: .en)
                #expect(en.contains("<strong>\(total)</strong>"), "the distinct total \(total) is not on the page")
                #expect(en.contains("\(usd.activities) activities"))
                let lo = String(buffer: try await client.execute(uri: "/lo/costing", method: .get).body)
                #expect(lo.contains("ງົບປະມານເປັນ USD"))
                let activities = String(buffer: try await client.execute(uri: "/en/activities", method: .get).body)
                #expect(activities.contains("/en/costing"))
            }
        }
    }
}
