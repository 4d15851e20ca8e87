import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanExchange
import PasanMessages
import PasanStorage
import PasanTestSupport
import PasanViews
import SQLKit
import Testing
import ZIPFoundation

@testable import PasanWeb

/// `/downloads/pasan-open-sdg.zip`: the Open SDG repository of `pasan export open-sdg`, zipped,
/// linked from the downloads page, kept until the data changes.
@Suite struct OpenSDGDownloadTests {
    static func entries(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var result: [String: Data] = [:]
        for entry in archive {
            var contents = Data()
            _ = try archive.extract(entry) { contents.append($0) }
            result[entry.path] = contents
        }
        return result
    }

    @Test(arguments: Backend.all)
    func theZipIsTheExportedRepositoryAndIsKeptUntilTheDataChanges(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let page = try await client.execute(uri: "/en/downloads", method: .get).text
            #expect(page.contains("href=\"/downloads/pasan-open-sdg.zip\""))

            let response = try await client.execute(uri: "/downloads/pasan-open-sdg.zip", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/zip")
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"pasan-open-sdg.zip\"")
            let files = try Self.entries(Data(response.body.readableBytesView))
            let repository = try await OpenSDGExportBuild.repository(database: state.database, messages: state.messages)
            #expect(Set(files.keys) == Set(repository.files.map { "pasan-open-sdg/" + $0.path }))
            let csv = try #require(files["pasan-open-sdg/data/indicator_18-1-1.csv"])
            #expect(csv == repository.files.first { $0.path == "data/indicator_18-1-1.csv" }?.contents)
            #expect(String(decoding: csv, as: UTF8.self).hasPrefix("Year,SERIES,"))
            #expect(files["pasan-open-sdg/config_data.yml"] != nil && files["pasan-open-sdg/translations/lo/SEX.yml"] != nil)

            // Conditional requests: 304 while the data is the same.
            let etag = try #require(response.headers[.eTag])
            let again = try await client.execute(uri: "/downloads/pasan-open-sdg.zip", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)

            // A value published behind the portal's back is not seen until the data change is announced.
            try await state.database.write { db in
                try await db.raw(
                    """
                    INSERT INTO observations (series, indicator, area, period, dimension_key, unit, value, status, source, dataset)
                    VALUES ('_L_LA_180101_00', '18.1.1', 'LA', '2031', '', 'NUMBER', 12.5, 'A', 'test', 'test')
                    """
                ).run()
            }
            let cached = try await client.execute(uri: "/downloads/pasan-open-sdg.zip", method: .get)
            #expect(cached.headers[.eTag] == etag)
            try await state.reload()
            let fresh = try await client.execute(uri: "/downloads/pasan-open-sdg.zip", method: .get)
            #expect(fresh.status == .ok)
            #expect(fresh.headers[.eTag] != etag)
            let changed = try #require(try Self.entries(Data(fresh.body.readableBytesView))["pasan-open-sdg/data/indicator_18-1-1.csv"])
            #expect(String(decoding: changed, as: UTF8.self).contains("2031,_L_LA_180101_00,,NUMBER,A,test,12.5\n"))
        }
    }
}
