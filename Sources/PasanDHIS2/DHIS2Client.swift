import AsyncHTTPClient
import Foundation
import Logging
import PasanDomain
import PasanExchange

/// Reads from a DHIS2 server's Web API (`docs/dhis2.md` §4, §6): the server's identity, its
/// organisation units (every page), aggregated values from analytics and raw values from data
/// value sets. Answers are read by `PasanExchange`'s DHIS2 readers; every failure is a
/// `DHIS2ClientError` whose message tells the user what to check.
///
/// Long lists are split across requests so no address grows past `maximumURLLength`; listings are
/// bounded (`maximumPages`) and so is every answer (`maximumResponseBytes`). Requests go one after
/// the other, so a pull never floods the server.
public struct DHIS2Client: Sendable {
    /// The HTTP client requests go through: `HTTPClient.shared` unless one is given.
    public typealias HTTP = HTTPClient

    public let connection: DHIS2Connection
    /// The longest request address sent (characters); DHIS2's proxies refuse 8 KB and more.
    public var maximumURLLength = 4_000
    /// The most pages of organisation units read before giving up (`tooLarge`).
    public var maximumPages = 1_000
    /// The largest answer read; a larger one is `tooLarge`.
    public var maximumResponseBytes = DHIS2Limits.maximumBytes

    let http: HTTP
    let headers: [(name: String, value: String)]
    let logger: Logger

    /// - Parameters:
    ///   - headers: sent with every request besides Pasan's own (the tests name their stand-in
    ///     session with one); `Authorization`, `Host` and the framing headers are never replaced.
    public init(
        connection: DHIS2Connection,
        http: HTTP = .shared,
        headers: [String: String] = [:],
        logger: Logger = Logger(label: "pasan.dhis2")
    ) {
        self.connection = connection
        self.http = http
        self.headers = headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        self.logger = logger
    }

    var transport: DHIS2Transport {
        DHIS2Transport(connection: connection, http: http, headers: headers, maximumBytes: maximumResponseBytes, logger: logger)
    }

    // MARK: - The server

    /// What `/api/system/info` says (version, revision, calendar): the first call of every DHIS2
    /// client, and the check that the address and the credential work.
    public func systemInfo() async throws(DHIS2ClientError) -> DHIS2SystemInfo {
        let resource = "system/info.json"
        let body = try await transport.get(resource, query: [])
        return try read(body, resource: resource, with: DHIS2SystemInfo.read)
    }

    /// Every organisation unit (id, code, name, level, parent, path), down to `maxLevel` when
    /// given (1 = the root), read page by page (`pageSize` a page) until DHIS2's pager says there
    /// is no next page. More than `maximumPages` pages is `tooLarge`. A unit listed twice (the
    /// tree changed between two pages) is kept once.
    public func organisationUnits(maxLevel: Int? = nil, pageSize: Int = 500) async throws(DHIS2ClientError) -> [DHIS2OrgUnit] {
        let resource = "organisationUnits.json"
        var query: [(String, String)] = [("fields", "id,code,name,displayName,level,path,parent[id]"), ("order", "id:asc")]
        if let maxLevel { query.append(("filter", "level:le:\(maxLevel)")) }
        var units: [DHIS2OrgUnit] = []
        var seen: Set<String> = []
        var page = 1
        while true {
            let body = try await transport.get(resource, query: query + [("page", "\(page)"), ("pageSize", "\(max(pageSize, 1))")])
            let answer = try read(body, resource: resource, with: DHIS2OrgUnitsReader.read)
            for unit in answer.orgUnits where seen.insert(unit.uid).inserted { units.append(unit) }
            guard let pager = answer.pager, pager.hasNextPage, !answer.orgUnits.isEmpty else { return units }
            guard page < maximumPages else {
                throw DHIS2ClientError(kind: .tooLarge, message: Message("dhis2_client.tooManyPages", ["pages": .number(maximumPages)]))
            }
            page = max(page, pager.page) + 1
        }
    }

    // MARK: - Values

    /// Aggregated values from `/api/analytics/dataValueSet.json`, one per data item, period and
    /// organisation unit that has data. `dataItems` are data element, indicator or program
    /// indicator UIDs, or operands `dataElement.categoryOptionCombo` (a value then carries the
    /// combo); `periods` are DHIS2 period identifiers (`2024`, `2024Q1`). Values are asked for
    /// unrounded (`skipRounding`). Empty when any list is empty.
    public func analyticsValues(
        dataItems: [String],
        periods: [String],
        orgUnits: [String]
    ) async throws(DHIS2ClientError)
        -> [DHIS2DataValue]
    {
        let lists = (
            first: DHIS2QueryChunks.unique(dataItems), second: DHIS2QueryChunks.unique(periods),
            third: DHIS2QueryChunks.unique(orgUnits)
        )
        guard !lists.first.isEmpty, !lists.second.isEmpty, !lists.third.isEmpty else { return [] }
        let resource = "analytics/dataValueSet.json"
        func query(_ items: [String], _ periods: [String], _ units: [String]) -> [(String, String)] {
            [
                ("dimension", "dx:" + items.joined(separator: ";")),
                ("dimension", "pe:" + periods.joined(separator: ";")),
                ("dimension", "ou:" + units.joined(separator: ";")),
                ("skipRounding", "true"),
            ]
        }
        let itemCost: (String) -> Int = { DHIS2Connection.encode($0).count + 1 }
        let chunks = DHIS2QueryChunks.combinations(
            lists,
            free: maximumURLLength - connection.url(resource, query: query([], [], [])).count,
            cost: (itemCost, itemCost, itemCost)
        )
        var values: [DHIS2DataValue] = []
        for chunk in chunks {
            let body = try await transport.get(resource, query: query(chunk.first, chunk.second, chunk.third))
            values += try read(body, resource: resource, with: DHIS2AnalyticsReader.readDataValueSet)
        }
        return values
    }

    /// Raw values as entered, from `/api/dataValueSets.json`: the data elements' values for the
    /// periods (exact identifiers: `2024` does not bring `2024Q1`) at the organisation units, and
    /// with `children` at every unit below them.
    public func rawValues(
        dataElements: [String],
        periods: [String],
        orgUnits: [String],
        children: Bool
    ) async throws(DHIS2ClientError)
        -> [DHIS2DataValue]
    {
        let lists = (
            first: DHIS2QueryChunks.unique(dataElements), second: DHIS2QueryChunks.unique(periods),
            third: DHIS2QueryChunks.unique(orgUnits)
        )
        guard !lists.first.isEmpty, !lists.second.isEmpty, !lists.third.isEmpty else { return [] }
        let resource = "dataValueSets.json"
        func query(_ elements: [String], _ periods: [String], _ units: [String]) -> [(String, String)] {
            elements.map { ("dataElement", $0) } + periods.map { ("period", $0) } + units.map { ("orgUnit", $0) }
                + [("children", children ? "true" : "false")]
        }
        func cost(_ name: String) -> (String) -> Int { { name.count + DHIS2Connection.encode($0).count + 2 } }
        let chunks = DHIS2QueryChunks.combinations(
            lists,
            free: maximumURLLength - connection.url(resource, query: query([], [], [])).count,
            cost: (cost("dataElement"), cost("period"), cost("orgUnit"))
        )
        var values: [DHIS2DataValue] = []
        for chunk in chunks {
            let body = try await transport.get(resource, query: query(chunk.first, chunk.second, chunk.third))
            values += try read(body, resource: resource) { try DHIS2DataValueSetReader.readJSON($0, file: $1).values }
        }
        return values
    }

    /// An answer read by `reader` (one of `PasanExchange`'s DHIS2 readers); its problems become
    /// `badResponse`.
    func read<Value>(_ body: Data, resource: String, with reader: (Data, String) throws -> Value) throws(DHIS2ClientError) -> Value {
        do {
            return try reader(body, connection.path(resource))
        } catch {
            throw badResponse(error, resource: resource)
        }
    }

    /// A reader's refusal of an answer as `badResponse`, naming the first problem.
    func badResponse(_ error: any Error, resource: String) -> DHIS2ClientError {
        let path = connection.path(resource)
        let problems = (error as? ExchangeProblems)?.problems ?? (error as? ExchangeProblem).map { [$0] } ?? []
        guard let first = problems.first else {
            return DHIS2ClientError(kind: .badResponse, message: Message("dhis2_client.badResponse.unreadable", ["path": .text(path)]))
        }
        let place = [first.line.map { "line \($0)" }, first.location, first.found.map { "found \($0)" }].compactMap { $0 }
        return DHIS2ClientError(
            kind: .badResponse,
            message: Message(
                "dhis2_client.badResponse",
                [
                    "path": .text(path), "count": .number(problems.count), "where": .text(place.joined(separator: ", ")),
                    "expected": .message(first.expected),
                ]
            ),
            problems: problems
        )
    }
}
