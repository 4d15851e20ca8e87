import Foundation
import PasanDomain
import Testing

@testable import PasanExchange

@Suite("DHIS2 web messages and import summaries")
struct DHIS2ImportSummaryTests {
    @Test("a 200 SUCCESS summary with DHIS2's full import options")
    func success() throws {
        let file = "dhis2-android-sdk/importSummary_success_200.json"
        let message = try DHIS2WebMessageReader.read(DHIS2Fixtures.data(file), file: file)
        #expect(message.httpStatus == "OK" && message.httpStatusCode == 200 && message.status == "OK")
        #expect(message.message == "Import was successful.")
        let summary = try #require(message.response)
        #expect(summary.responseType == "ImportSummary" && summary.status == .success)
        #expect(summary.importCount == DHIS2ImportCount(imported: 0, updated: 3, ignored: 0, deleted: 0))
        #expect(summary.conflicts.isEmpty && summary.rejectedIndexes.isEmpty)
        #expect(summary.dataSetComplete == "false")
        #expect(summary.description == "Import process completed successfully")
        #expect(summary.importOptions?.count == 25)
        #expect(summary.importOptions?["importStrategy"] == .string("CREATE_AND_UPDATE"))
        #expect(summary.importOptions?["dryRun"] == .bool(false))
        #expect(summary.importOptions?["idSchemes"] == .object([:]))
    }

    @Test("a ≤ 2.42 409 WARNING with a legacy {object, value} conflict")
    func warning409() throws {
        let file = "dhis2-android-sdk/importSummary_warning_409.json"
        let message = try DHIS2WebMessageReader.read(DHIS2Fixtures.data(file), file: file)
        #expect(message.httpStatus == "Conflict" && message.httpStatusCode == 409 && message.status == "WARNING")
        let summary = try DHIS2WebMessageReader.readImportSummary(DHIS2Fixtures.data(file), file: file)
        #expect(summary.status == .warning)
        #expect(summary.importCount == DHIS2ImportCount(ignored: 1))
        #expect(
            summary.conflicts == [
                DHIS2ImportConflict(object: "40L", value: "Data value is not a positive integer, must match data element type: vANAXwtLwcT")
            ]
        )
    }

    @Test("read → write → read keeps the meaning of both recorded answers")
    func roundTrip() throws {
        for file in ["dhis2-android-sdk/importSummary_success_200.json", "dhis2-android-sdk/importSummary_warning_409.json"] {
            let message = try DHIS2WebMessageReader.read(DHIS2Fixtures.data(file), file: file)
            let written = DHIS2WebMessageWriter.json(message)
            #expect(try DHIS2WebMessageReader.read(written, file: "out.json") == message, "\(file)")
            // DHIS2's shape: the same keys at the top and in the summary.
            let original = try JSONSerialization.jsonObject(with: DHIS2Fixtures.data(file)) as? [String: Any]
            let mine = try JSONSerialization.jsonObject(with: written) as? [String: Any]
            #expect(Set((mine ?? [:]).keys) == Set((original ?? [:]).keys))
            let originalResponse = original?["response"] as? [String: Any]
            let myResponse = mine?["response"] as? [String: Any]
            #expect(Set((myResponse ?? [:]).keys).subtracting(["rejectedIndexes"]) == Set((originalResponse ?? [:]).keys))
        }
    }

    @Test("a ≥ 2.43 200 WARNING with error codes, properties and indexes; a bare older summary")
    func newerAndOlder() throws {
        let newer = """
            {"httpStatus": "OK", "httpStatusCode": 200, "status": "WARNING", "message": "One more conflicts encountered, please check import summary.",
             "response": {"responseType": "ImportSummary", "status": "WARNING", "description": "Import process completed successfully",
               "importCount": {"imported": 2, "updated": 0, "ignored": 1, "deleted": 0},
               "conflicts": [{"objects": {"value": "abc"}, "value": "Value must match data element's type", "errorCode": "E7619",
                              "property": "value", "indexes": [2]}],
               "rejectedIndexes": [2], "dataSetComplete": "2024-02-01"}}
            """
        let summary = try DHIS2WebMessageReader.readImportSummary(Data(newer.utf8), file: "new.json")
        #expect(summary.status == .warning && summary.importCount.imported == 2)
        #expect(
            summary.conflicts == [
                DHIS2ImportConflict(
                    object: nil,
                    value: "Value must match data element's type",
                    objects: ["value": "abc"],
                    errorCode: "E7619",
                    property: "value",
                    indexes: [2]
                )
            ]
        )
        #expect(summary.rejectedIndexes == [2] && summary.dataSetComplete == "2024-02-01" && summary.importOptions == nil)

        let bare = #"{"responseType": "ImportSummary", "status": "SUCCESS", "importCount": {"imported": 4}, "dataSetComplete": false}"#
        let message = try DHIS2WebMessageReader.read(Data(bare.utf8), file: "old.json")
        #expect(message.httpStatusCode == nil)
        #expect(
            message.response == DHIS2ImportSummary(status: .success, importCount: DHIS2ImportCount(imported: 4), dataSetComplete: "false")
        )
    }

    @Test("error bodies: DHIS2's own message, and no summary to read")
    func errors() throws {
        let body = #"{"httpStatus":"Unauthorized","httpStatusCode":401,"status":"ERROR","message":"Account disabled","errorCode":"E1005"}"#
        let message = try DHIS2WebMessageReader.read(Data(body.utf8), file: "401.json")
        #expect(
            message
                == DHIS2WebMessage(
                    httpStatus: "Unauthorized",
                    httpStatusCode: 401,
                    status: "ERROR",
                    message: "Account disabled",
                    errorCode: "E1005"
                )
        )
        let problems = DHIS2Fixtures.problems { _ = try DHIS2WebMessageReader.readImportSummary(Data(body.utf8), file: "401.json") }
        #expect(DHIS2Fixtures.places(problems) == ["response dhis2_exchange.summary.missing"])
        #expect(problems.first?.found == "Account disabled")

        // A response of another kind (an async job, metadata error reports) is not a summary.
        let job =
            #"{"httpStatus":"OK","httpStatusCode":200,"status":"OK","response":{"responseType":"JobConfigurationWebMessageResponse","id":"x"}}"#
        #expect(try DHIS2WebMessageReader.read(Data(job.utf8), file: "job.json").response == nil)

        let html = DHIS2Fixtures.problems {
            _ = try DHIS2WebMessageReader.read(Data("<html><body>Login</body></html>".utf8), file: "login.html")
        }
        #expect(DHIS2Fixtures.places(html) == ["1 column 1 dhis2_exchange.json.syntax"])
        let badStatus = #"{"httpStatusCode": 200, "response": {"responseType": "ImportSummary", "status": "MAYBE"}}"#
        let statusProblems = DHIS2Fixtures.problems { _ = try DHIS2WebMessageReader.read(Data(badStatus.utf8), file: "s.json") }
        #expect(DHIS2Fixtures.places(statusProblems) == ["response.status dhis2_exchange.summary.field"])
        let badCount = #"{"response": {"responseType": "ImportSummary", "status": "SUCCESS", "importCount": {"imported": "many"}}}"#
        let countProblems = DHIS2Fixtures.problems { _ = try DHIS2WebMessageReader.read(Data(badCount.utf8), file: "c.json") }
        #expect(DHIS2Fixtures.places(countProblems) == ["response.importCount.imported dhis2_exchange.summary.field"])
        let noStatus = #"{"response": {"responseType": "ImportSummary", "conflicts": [{"value": 1}]}}"#
        let missing = DHIS2Fixtures.problems { _ = try DHIS2WebMessageReader.read(Data(noStatus.utf8), file: "m.json") }
        #expect(DHIS2Fixtures.places(missing) == ["response.status dhis2_exchange.summary.field"])
    }

    @Test("Pasan's answer to a push: 200 for SUCCESS and WARNING, 409 for ERROR")
    func pasanAnswer() throws {
        let warning = DHIS2ImportSummary(
            status: .warning,
            importCount: DHIS2ImportCount(imported: 9, ignored: 1),
            conflicts: [DHIS2ImportConflict(object: "f7n9E0hX8qk", value: "unknown data element", errorCode: "E8000", indexes: [3])],
            rejectedIndexes: [3],
            importOptions: ["dryRun": .bool(true), "importStrategy": .string("CREATE_AND_UPDATE"), "batch": .number(2.5), "x": .null],
            description: "Import process completed successfully"
        )
        let answer = DHIS2WebMessage(importSummary: warning, message: "One or more values were refused.")
        #expect(answer.httpStatus == "OK" && answer.httpStatusCode == 200 && answer.status == "WARNING")
        let json = DHIS2WebMessageWriter.json(answer)
        #expect(json == DHIS2WebMessageWriter.json(answer))
        #expect(try DHIS2WebMessageReader.read(json, file: "answer.json") == answer)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(#""responseType":"ImportSummary""#) && text.contains(#""rejectedIndexes":[3]"#))

        let error = DHIS2WebMessage(
            importSummary: DHIS2ImportSummary(status: .error, importCount: DHIS2ImportCount()),
            message: "Nothing was imported."
        )
        #expect(error.httpStatus == "Conflict" && error.httpStatusCode == 409 && error.status == "ERROR")
        let success = DHIS2WebMessage(
            importSummary: DHIS2ImportSummary(status: .success, importCount: DHIS2ImportCount(updated: 1)),
            message: "Done."
        )
        #expect(success.httpStatusCode == 200 && success.status == "OK")
        // A number DHIS2 JSON cannot hold is written as null rather than failing.
        var odd = warning
        odd.importOptions = ["n": .number(.infinity)]
        let written = DHIS2WebMessageWriter.json(DHIS2WebMessage(importSummary: odd, message: "m"))
        #expect(try DHIS2WebMessageReader.readImportSummary(written, file: "odd.json").importOptions == ["n": .null])
    }
}
