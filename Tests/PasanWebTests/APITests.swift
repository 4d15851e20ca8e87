import Foundation
import HummingbirdTesting
import PasanDomain
import PasanTestSupport
import Testing

@testable import PasanWeb

func json(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
}

/// Every API route, on both databases.
@Suite struct APITests {
    @Test(arguments: Backend.all)
    func goalsTargetsIndicators(backend: Backend) async throws {
        try await withPortal(backend) { client, _ in
            let goals = try json(try await client.execute(uri: "/api/v1/goals", method: .get))
            let goalList = try #require(goals["data"] as? [[String: Any]])
            #expect(goalList.count == 18)
            let first = try #require(goalList.first)
            #expect(first["number"] as? Int == 1)
            let title = try #require(first["title"] as? [String: Any])
            #expect(title["en"] as? String == "End poverty in all its forms everywhere")
            #expect(title["lo"] as? String != nil)
            #expect(title["lo_status"] as? String == "machine")

            let targets = try json(try await client.execute(uri: "/api/v1/targets?goal=18", method: .get))
            #expect((targets["data"] as? [[String: Any]])?.map { $0["code"] as? String } == ["18.1", "18.2", "18.3"])
            let allTargets = try json(try await client.execute(uri: "/api/v1/targets?limit=1000", method: .get))
            #expect((allTargets["meta"] as? [String: Any])?["total"] as? Int == 172)

            let indicator = try json(try await client.execute(uri: "/api/v1/indicators/3.1.2", method: .get))
            let data = try #require(indicator["data"] as? [String: Any])
            #expect(data["code"] as? String == "3.1.2")
            #expect(data["tier"] as? String == "I")
            #expect((data["series"] as? [[String: Any]])?.contains { $0["code"] as? String == "SH_STA_BRTC" } == true)
            #expect(data["has_data"] as? Bool == false)
            let uxo = try json(try await client.execute(uri: "/api/v1/indicators/18.1.1", method: .get))
            #expect((uxo["data"] as? [String: Any])?["has_data"] as? Bool == true)
        }
    }

    @Test func indicatorFiltersAndPagination() async throws {
        try await withPortal(.sqlite) { client, _ in
            func codes(_ uri: String) async throws -> ([String], [String: Any]) {
                let body = try json(try await client.execute(uri: uri, method: .get))
                return (
                    (body["data"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }, body["meta"] as? [String: Any] ?? [:]
                )
            }
            #expect(try await codes("/api/v1/indicators?goal=18").0 == ["18.1.1", "18.1.2", "18.2.1", "18.2.2", "18.3.1", "18.3.2"])
            let proxies = try await codes("/api/v1/indicators?national_relation=proxy").0
            #expect(proxies.contains("3.2.1") && !proxies.contains("3.1.2"))
            #expect(try await codes("/api/v1/indicators?scope=national&limit=1000").0.count == 24)
            let tier3 = try await codes("/api/v1/indicators?tier=III&limit=1000").0
            #expect(tier3.allSatisfy { !$0.isEmpty })
            #expect(try await codes("/api/v1/indicators?q=3.1.2").0.first == "3.1.2")
            #expect(try await codes("/api/v1/indicators?q=skilled%20health%20personnel").0 == ["3.1.2"])
            let (page1, meta1) = try await codes("/api/v1/indicators?limit=10")
            #expect(page1.count == 10)
            #expect(meta1["total"] as? Int == 277)
            let next = try #require(meta1["next"] as? String)
            let (page2, _) = try await codes(next)
            #expect(page2.count == 10 && page2.first != page1.first)
            let (all, _) = try await codes("/api/v1/indicators?limit=1000&include_retired=false")
            #expect(all.count == 277 - 5)
        }
    }

    @Test(arguments: Backend.all)
    func areasByLevelAndParent(backend: Backend) async throws {
        try await withPortal(backend) { client, _ in
            let provinces = try json(try await client.execute(uri: "/api/v1/areas?level=province", method: .get))
            #expect((provinces["meta"] as? [String: Any])?["total"] as? Int == 18)
            let villages = try json(try await client.execute(uri: "/api/v1/areas?level=village&limit=1000", method: .get))
            let meta = try #require(villages["meta"] as? [String: Any])
            #expect(meta["total"] as? Int == 9_692)
            #expect((villages["data"] as? [Any])?.count == 1000)
            #expect((meta["next"] as? String)?.contains("offset=1000") == true)
            let districts = try json(try await client.execute(uri: "/api/v1/areas?level=district&parent=18", method: .get))
            let list = try #require(districts["data"] as? [[String: Any]])
            #expect(list.count == 5 && list.allSatisfy { $0["parent_code"] as? String == "18" })
            #expect(((list.first?["name"] as? [String: Any])?["lo"] as? String)?.isEmpty == false)
        }
    }

    @Test func institutionsCarryTheirHistory() async throws {
        try await withPortal(.sqlite) { client, _ in
            let body = try json(try await client.execute(uri: "/api/v1/institutions", method: .get))
            let list = try #require(body["data"] as? [[String: Any]])
            #expect(list.count == 32)
            let mpi = try #require(list.first { $0["code"] as? String == "MPI" })
            #expect(mpi["valid_to"] as? String == "2025-03-20")
            #expect((mpi["successors"] as? [[String: Any]])?.first?["institution"] as? String == "MOF")
        }
    }

    @Test func errorsHaveOneStableShape() async throws {
        try await withPortal(.sqlite) { client, _ in
            let cases: [(String, Int, String, String?)] = [
                ("/api/v1/indicators/99.9.9", 404, "not_found", nil),
                ("/api/v1/nothing", 404, "not_found", nil),
                ("/api/v1/indicators?tier=IV", 400, "invalid_parameter", "tier"),
                ("/api/v1/indicators?goal=abc", 400, "invalid_parameter", "goal"),
                ("/api/v1/areas?level=city", 400, "invalid_parameter", "level"),
                ("/api/v1/areas?limit=0", 400, "invalid_parameter", "limit"),
            ]
            for (uri, status, code, parameter) in cases {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(Int(response.status.code) == status, "\(uri)")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(uri)")
                let error = try #require(try json(response)["error"] as? [String: Any], "\(uri)")
                #expect(error["status"] as? Int == status)
                #expect(error["code"] as? String == code)
                #expect((error["message"] as? String)?.isEmpty == false)
                #expect(error["parameter"] as? String == parameter)
            }
        }
    }
}
