import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Issue 10, item 4: Pasan's invented defaults are shown as Pasan's, and the Secretariat sets
/// them; a new cycle, the handbook and the gap analysis follow the setting. Both databases.
@Suite struct SettingsWebTests {
    @Test(arguments: Backend.all)
    func theSecretariatSetsPasansDefaults(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            let officer = try #require(try await accounts.account(email: "officer@pasan.demo"))
            let owner = try #require(try await accounts.account(email: "moh.owner@pasan.demo"))
            let officerSession = try await TestSession.open(database, userID: officer.id)
            let ownerSession = try await TestSession.open(database, userID: owner.id)
            try await app.test(.router) { client in
                var handbook = String(buffer: try await client.execute(uri: "/en/institutions/MOH/handbook", method: .get).body)
                #expect(handbook.contains("30 September (Pasan's default)"))
                let page = String(buffer: try await get(client, "/en/admin/settings", session: officerSession).body)
                #expect(page.contains("Pasan's default (not set by the Secretariat)"))
                #expect(try await get(client, "/en/admin/settings", session: ownerSession).status == .forbidden)
                // Bad values are refused, each with its reason, and nothing is saved.
                let refused = try await post(
                    client,
                    "/en/admin/settings",
                    session: officerSession,
                    fields: ["minimum_notice": "400", "reminder_days": "7, x", "owner_deadline": "31-10"]
                )
                #expect(refused.status == .badRequest)
                let body = String(buffer: refused.body)
                #expect(body.contains("reminder days") && body.contains("MM-DD"))
                #expect(try await SettingsRepository(database: database).defaults().setBySecretariat.isEmpty)
                let saved = try await post(
                    client,
                    "/en/admin/settings",
                    session: officerSession,
                    fields: ["minimum_notice": "45", "reminder_days": "21, 3", "owner_deadline": "10-31"]
                )
                #expect(saved.status == .seeOther)
                handbook = String(buffer: try await client.execute(uri: "/en/institutions/MOH/handbook", method: .get).body)
                #expect(handbook.contains("31 October (set by the Secretariat)"))
                let cycles = String(buffer: try await get(client, "/en/cycles", session: officerSession).body)
                #expect(cycles.contains("value=\"45\"") && cycles.contains("set by the Secretariat"))
                // Lao digits on Lao pages, when the Secretariat chooses them (English keeps 0–9).
                let home = "/lo/"
                #expect(String(buffer: try await client.execute(uri: home, method: .get).body).contains("13 ຕົວຊີ້ວັດ"))
                let digits = try await post(
                    client,
                    "/en/admin/settings",
                    session: officerSession,
                    fields: ["minimum_notice": "45", "reminder_days": "21, 3", "owner_deadline": "10-31", "lao_digits": "lao"]
                )
                #expect(digits.status == .seeOther)
                #expect(String(buffer: try await client.execute(uri: home, method: .get).body).contains("໑໓ ຕົວຊີ້ວັດ"))
                #expect(!String(buffer: try await client.execute(uri: "/en/", method: .get).body).contains("໑໓"))
            }
            #expect(
                state.defaults
                    == PasanDefaults(
                        minimumNoticeDays: 45,
                        reminderDays: [21, 3],
                        ownerDeadline: DayOfYear(month: 10, day: 31)!,
                        laoDigits: true
                    )
            )
            // A new cycle takes the Secretariat's reminder days.
            var form = FormData()
            form.fields = [
                "name_en": "Test", "years": "2024", "indicators": "3.1.2", "request_date": "2027-01-01",
                "owner_deadline": "2027-03-01", "reporter_deadline": "2027-03-15", "statistics_deadline": "2027-04-01",
                "approval_deadline": "2027-04-15", "publication_date": "2027-05-01",
            ]
            let decoded = NewCycleForm.decode(form, defaults: state.defaults, isKnownIndicator: { _ in true })
            guard case .success(let accepted) = decoded else {
                Issue.record("the cycle form was refused: \(decoded.problems(in: .en))")
                return
            }
            #expect(accepted.cycle.rules == CycleRules(minimumNoticeDays: 45, reminderDays: [21, 3]))
        }
    }
}
