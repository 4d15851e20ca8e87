import Foundation
import PasanDomain
import Testing

@testable import PasanExchange

/// Inputs built to hurt: every reader refuses them with a problem, none crashes or hangs.
@Suite("DHIS2 readers against hostile input")
struct DHIS2HostileInputTests {
    /// Every JSON reader of the module, by name.
    static let readers: [(String, @Sendable (Data) throws -> Void)] = [
        ("data value set", { _ = try DHIS2DataValueSetReader.readJSON($0, file: "x.json") }),
        ("analytics", { _ = try DHIS2AnalyticsReader.readTable($0, file: "x.json") }),
        ("organisation units", { _ = try DHIS2OrgUnitsReader.read($0, file: "x.json") }),
        ("web message", { _ = try DHIS2WebMessageReader.read($0, file: "x.json") }),
        ("system info", { _ = try DHIS2SystemInfo.read($0, file: "x.json") }),
    ]

    @Test("nesting 100,000 deep is refused at depth 64, not by the stack")
    func deepNesting() {
        let arrays = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        let objects = Data(
            (#"{"dataValues":"# + String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_001)).utf8
        )
        for (name, read) in Self.readers {
            for data in [arrays, objects] {
                let problems = DHIS2Fixtures.problems { try read(data) }
                #expect(problems.map(\.expected) == [Message("dhis2_exchange.json.tooDeep", ["depth": .number(64)])], "\(name)")
            }
        }
        // 64 levels are still read.
        let deepest = Data((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8)
        #expect((try? JSONDocument.parse(deepest)) != nil)
    }

    @Test("huge numbers are kept as written, never turned into infinity or a crash")
    func hugeNumbers() throws {
        let digits = String(repeating: "9", count: 400)
        let json = """
            {"dataValues": [{"dataElement": "a", "period": "2024", "orgUnit": "o", "value": 1e400},
                            {"dataElement": "a", "period": \(digits), "orgUnit": "o", "value": -\(digits).5E-99999999999999999999}]}
            """
        let set = try DHIS2DataValueSetReader.readJSON(Data(json.utf8), file: "n.json")
        #expect(set.values.map(\.value) == ["1e400", "-\(digits).5E-99999999999999999999"])
        #expect(set.values[1].period == digits)
        let units = #"{"organisationUnits": [{"id": "ImspTQPwCqd", "name": "x", "level": 1e400}]}"#
        let problems = DHIS2Fixtures.problems { _ = try DHIS2OrgUnitsReader.read(Data(units.utf8), file: "u.json") }
        #expect(DHIS2Fixtures.places(problems) == ["organisationUnits[0].level dhis2_exchange.json.integer"])
        let count = #"{"response": {"responseType": "ImportSummary", "status": "SUCCESS", "importCount": {"imported": 1e400}}}"#
        let countProblems = DHIS2Fixtures.problems { _ = try DHIS2WebMessageReader.read(Data(count.utf8), file: "c.json") }
        #expect(DHIS2Fixtures.places(countProblems) == ["dhis2_exchange.summary.field"])
    }

    @Test("wrong types everywhere are problems at their paths")
    func wrongTypes() throws {
        let json =
            #"{"dataSet": ["x"], "dryRun": 7, "dataValues": [1, null, [], {"dataElement": true, "period": {}, "orgUnit": "o", "comment": 5}]}"#
        let problems = DHIS2Fixtures.problems { _ = try DHIS2DataValueSetReader.readJSON(Data(json.utf8), file: "w.json") }
        #expect(
            DHIS2Fixtures.places(problems) == [
                "dataSet dhis2_exchange.json.text",
                "dryRun dhis2_exchange.json.boolean",
                "dataValues[0] dhis2_exchange.json.object",
                "dataValues[1] dhis2_exchange.json.object",
                "dataValues[2] dhis2_exchange.json.object",
                "dataValues[3].dataElement dhis2_exchange.json.text",
                "dataValues[3].period dhis2_exchange.json.text",
                "dataValues[3].dataElement dhis2_exchange.value.required",
                "dataValues[3].period dhis2_exchange.value.required",
            ]
        )
        // A number as a comment is text as written.
        let analytics = #"{"headers": 5, "rows": {"a": 1}}"#
        let tableProblems = DHIS2Fixtures.problems { _ = try DHIS2AnalyticsReader.readTable(Data(analytics.utf8), file: "a.json") }
        #expect(DHIS2Fixtures.places(tableProblems) == ["headers dhis2_exchange.json.array", "rows dhis2_exchange.json.array"])
        let cells = #"{"headers": [{"name": "dx"}, {}], "rows": [[{"x": 1}], 3]}"#
        let cellProblems = DHIS2Fixtures.problems { _ = try DHIS2AnalyticsReader.readTable(Data(cells.utf8), file: "a.json") }
        #expect(
            DHIS2Fixtures.places(cellProblems) == [
                "headers[1] dhis2_exchange.analytics.header", "rows[0][0] dhis2_exchange.json.value", "rows[1] dhis2_exchange.json.array",
            ]
        )
    }

    @Test("broken text: invalid UTF-8, lone surrogates, control characters, cut short, empty")
    func brokenText() throws {
        var invalid = Data(#"{"dataValues": [{"comment": ""#.utf8)
        invalid.append(contentsOf: [0xC3, 0x28])
        invalid.append(contentsOf: Array(#""}]}"#.utf8))
        for (data, key) in [
            (invalid, "dhis2_exchange.json.utf8"),
            (Data(#"{"a": "\ud800"}"#.utf8), "dhis2_exchange.json.syntax"),
            (Data("{\"a\": \"tab\there\"}".utf8), "dhis2_exchange.json.syntax"),
            (Data(#"{"dataValues": [{"dataElement": "a""#.utf8), "dhis2_exchange.json.syntax"),
            (Data(), "dhis2_exchange.json.syntax"),
            (Data("{} {}".utf8), "dhis2_exchange.json.syntax"),
            (Data("01".utf8), "dhis2_exchange.json.syntax"),
            (Data("tru".utf8), "dhis2_exchange.json.syntax"),
        ] {
            let problems = DHIS2Fixtures.problems { _ = try DHIS2DataValueSetReader.readJSON(data, file: "b.json") }
            #expect(problems.map(\.expected.key) == [key], "\(String(decoding: data, as: UTF8.self))")
        }
        // Escapes, including a surrogate pair, are read.
        let escaped = try JSONDocument.parse(Data(#"["\u00e9\ud83d\ude00\n\"\/", "\u0ea5"]"#.utf8))
        guard case .array(let items) = escaped else { Issue.record("not an array"); return }
        #expect(items.map(\.scalarText) == ["é😀\n\"/", "\u{0EA5}"])

        var csv = Data("dataelement,period,orgunit,value\na,2024,o,".utf8)
        csv.append(contentsOf: [0xFF, 0xFE])
        let csvProblems = DHIS2Fixtures.problems { _ = try DHIS2DataValueSetReader.readCSV(csv, file: "b.csv") }
        #expect(DHIS2Fixtures.places(csvProblems) == ["2 dhis2_exchange.csv.utf8"])
        let quote = "dataelement,period,orgunit,value\na,20\"24,o,1\nb,2024,o,\"open\n"
        let quoteProblems = DHIS2Fixtures.problems { _ = try DHIS2DataValueSetReader.readCSV(Data(quote.utf8), file: "q.csv") }
        #expect(DHIS2Fixtures.places(quoteProblems) == ["2 dhis2_exchange.csv.quote", "3 dhis2_exchange.csv.unclosedQuote"])
        #expect(try DHIS2DataValueSetReader.readCSV(Data(), file: "e.csv").values.isEmpty)
    }

    @Test("a file over 200 MB is refused before it is read")
    func tooLarge() {
        let data = Data(count: DHIS2Limits.maximumBytes + 1)
        for (name, read) in Self.readers {
            let problems = DHIS2Fixtures.problems { try read(data) }
            #expect(problems.map(\.expected.key) == ["dhis2_exchange.file.tooLarge"], "\(name)")
        }
        let problems = DHIS2Fixtures.problems { _ = try DHIS2DataValueSetReader.readCSV(data, file: "big.csv") }
        #expect(problems.map(\.expected.key) == ["dhis2_exchange.file.tooLarge"])
    }

    @Test("the JSON parser reads every JSON sample file as Foundation does")
    func parserAgrees() throws {
        func same(_ node: JSONNode, _ any: Any) -> Bool {
            switch node {
            case .null: return any is NSNull
            case .bool(let flag): return (any as? Bool) == flag
            case .number(let text):
                // Foundation reads some decimals as NSDecimalNumber, whose Double is off in the
                // last bit (-11.618041992187502 → …504); the parser keeps the text itself.
                guard let mine = Double(text) else { return false }
                let theirs = (any as? Int).map(Double.init) ?? (any as? Double) ?? (any as? NSNumber)?.doubleValue
                return theirs.map { abs($0 - mine) <= 1e-12 * max(1, abs(mine)) } ?? false
            case .string(let text): return (any as? String) == text
            case .array(let items):
                guard let others = any as? [Any], others.count == items.count else { return false }
                return zip(items, others).allSatisfy { same($0, $1) }
            case .object(let members):
                guard let others = any as? [String: Any], others.count == members.count else { return false }
                return members.allSatisfy { member in others[member.key].map { same(member.value, $0) } ?? false }
            }
        }
        let files = try DHIS2Fixtures.allFiles().filter { $0.hasSuffix(".json") }
        #expect(files.count == 22)
        for file in files {
            let data = try DHIS2Fixtures.data(file)
            #expect(same(try JSONDocument.parse(data), try JSONSerialization.jsonObject(with: data)), "\(file)")
        }
    }
}
