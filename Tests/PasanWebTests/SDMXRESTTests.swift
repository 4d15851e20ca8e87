import Foundation
import HTTPTypes
import HummingbirdTesting
import PasanDomain
import PasanExchange
import PasanReferenceData
import PasanStorage
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanWeb

/// The SDMX REST service over the demo data (SDG 18's national `_L_LA_*` series, served with
/// LSB's DSD) and a few published values of a global series (SI_POV_NAHC, inserted here as
/// published observations: the demo has none), on both databases.
@Suite struct SDMXRESTTests {
    static let dimensions = 15

    /// Published values of a global series, as the cycle or an import would leave them.
    static let poverty: [(area: String, period: String, key: String, value: Double, status: String?, source: String?)] = [
        ("LA", "2012-2013", "", 23.2, nil, "LECS 5 (2012/13)"),
        ("LA", "2018-2019", "", 18.3, "E", "LECS 6 (2018/19)"),
        ("LA", "2018-2019", "URBANISATION=R", 23.8, nil, nil),
        ("01", "2018-2019", "", 10.4, nil, nil),  // a province: not in the global DSD
    ]

    func withSDMX(_ backend: Backend, _ body: @escaping @Sendable (any TestClientProtocol, PortalState) async throws -> Void) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await database.write { db in
                for row in Self.poverty {
                    try await db.insert(into: "observations")
                        .columns("series", "indicator", "area", "period", "dimension_key", "unit", "value", "status", "source", "dataset")
                        .values(
                            SQLBind("SI_POV_NAHC"),
                            SQLBind("1.2.1"),
                            SQLBind(row.area),
                            SQLBind(row.period),
                            SQLBind(row.key),
                            SQLBind("PT"),
                            SQLBind(row.value),
                            row.status.map { SQLBind($0) } ?? SQLLiteral.null,
                            row.source.map { SQLBind($0) } ?? SQLLiteral.null,
                            SQLBind("test")
                        )
                        .run()
                }
            }
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            try await app.test(.router) { client in try await body(client, state) }
        }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, accept: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let accept { headers[.accept] = accept }
        return try await client.execute(uri: uri, method: .get, headers: headers)
    }

    static func lsb() throws -> DataStructure { try DataStructureReader.read(contentsOf: ShippedStructures.lsbDSD) }
    static func sdg() throws -> DataStructure { try DataStructureReader.read(contentsOf: ShippedStructures.sdgDSD) }

    // MARK: - Structures

    @Test(arguments: Backend.all)
    func dataflowsDataStructuresCodelistsAndConcepts(backend: Backend) async throws {
        try await withSDMX(backend) { client, _ in
            // What sdmx1 asks first: every dataflow (its source id in the agency place).
            for uri in ["/sdmx/rest/dataflow/all/all/latest", "/sdmx/rest/dataflow", "/sdmx/rest/dataflow/PASAN/all/latest"] {
                let response = try await Self.get(client, uri)
                #expect(response.status == .ok, "\(uri)")
                #expect(response.headers[.contentType] == "application/vnd.sdmx.structure+xml; version=2.1")
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                let text = response.text
                #expect(text.contains("<structure:Dataflow id=\"DF_SDG_GLC\"") && text.contains("agencyID=\"IAEG-SDGs\" version=\"1.14\""))
                #expect(text.contains("<structure:Dataflow id=\"DF_SDG_LA\""))
                #expect(!text.contains("<structure:DataStructure "), "references=none by default")
            }
            // A dataflow with everything it refers to (sdmx1 asks with references=all).
            let flow = try await Self.get(client, "/sdmx/rest/dataflow/PASAN/DF_SDG_GLC/latest?references=all")
            let flowRead = try DataStructureReader.read(Data(buffer: flow.body), file: "flow.xml")
            #expect(flowRead.reference == SDMXReference(agency: "IAEG-SDGs", id: "SDG", version: "1.14"))
            #expect(flowRead.dataflows.map(\.reference.id) == ["DF_SDG_GLC"])
            #expect(flowRead.dimensions.count == Self.dimensions && flowRead.codelists["CL_SERIES"]?.contains("SI_POV_NAHC") == true)
            // The DSD with its children, read back as the same structure.
            let dsd = try await Self.get(client, "/sdmx/rest/datastructure/IAEG-SDGs/SDG/latest?references=children")
            #expect(dsd.status == .ok)
            let read = try DataStructureReader.read(Data(buffer: dsd.body), file: "dsd.xml")
            let shipped = try Self.sdg()
            #expect(read.dimensions == shipped.dimensions && read.attributes.map(\.id) == shipped.attributes.map(\.id))
            #expect(Set(read.codelists.keys) == Set(shipped.codelists.keys))
            #expect(read.dataflows.isEmpty, "children only")
            let both = try await Self.get(client, "/sdmx/rest/datastructure/all/SDG/all")
            #expect(both.text.components(separatedBy: "<structure:DataStructure ").count == 3)
            // Codelists: the global and LSB's CL_SEX, latest of each.
            let sex = try await Self.get(client, "/sdmx/rest/codelist/all/CL_SEX/latest")
            #expect(sex.text.contains("urn:sdmx:org.sdmx.infomodel.codelist.Codelist=IAEG-SDGs:CL_SEX(1.1)"))
            #expect(sex.text.contains("urn:sdmx:org.sdmx.infomodel.codelist.Codelist=LSB-SDGs:CL_SEX(1.1)"))
            let lsbSex = try await Self.get(client, "/sdmx/rest/codelist/LSB-SDGs/CL_SEX/1.1")
            #expect(lsbSex.text.contains("<structure:Code id=\"B\"") && !lsbSex.text.contains("IAEG-SDGs:CL_SEX"))
            let activity = try await Self.get(client, "/sdmx/rest/codelist/IAEG-SDGs/CL_ACTIVITY/latest")
            #expect(activity.text.contains("CL_ACTIVITY(1.6)") && !activity.text.contains("CL_ACTIVITY(1.4)"), "latest of 1.4 and 1.6")
            let concepts = try await Self.get(client, "/sdmx/rest/conceptscheme/all/all/latest")
            #expect(concepts.status == .ok && concepts.text.contains("<structure:Concept id=\"SERIES\""))
            // A codelist's parents: the DSDs that use it, and their dataflows with references=all.
            let parents = try await Self.get(client, "/sdmx/rest/codelist/IAEG-SDGs/CL_SERIES/latest?references=parents")
            #expect(parents.text.contains("<structure:DataStructure id=\"SDG\"") && parents.text.contains("IAEG-SDGs:SDG(1.14)"))
            // Cached: the same answer again is a 304 on its ETag.
            let etag = try #require(dsd.headers[.eTag])
            let again = try await client.execute(
                uri: "/sdmx/rest/datastructure/IAEG-SDGs/SDG/latest?references=children",
                method: .get,
                headers: [.ifNoneMatch: etag]
            )
            #expect(again.status == .notModified)
            // Nothing matches: 404 with an SDMX error message, in English and Lao.
            let missing = try await Self.get(client, "/sdmx/rest/dataflow/IAEG-SDGs/DF_NOPE/latest")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("<message:ErrorMessage code=\"100\">") && missing.text.contains("xml:lang=\"lo\""))
            let badReferences = try await Self.get(client, "/sdmx/rest/dataflow/all/all/latest?references=cousins")
            #expect(badReferences.status == .badRequest && badReferences.text.contains("references"))
            let json = try await Self.get(
                client,
                "/sdmx/rest/dataflow/all/all/latest",
                accept: "application/vnd.sdmx.structure+json;version=1.0.0"
            )
            #expect(json.status == .notAcceptable)
            let unsupported = try await Self.get(client, "/sdmx/rest/availableconstraint/DF_SDG_LA")
            #expect(unsupported.status == .notImplemented)
        }
    }

    // MARK: - Data

    @Test(arguments: Backend.all)
    func nationalDataEqualsTheDatabase(backend: Backend) async throws {
        try await withSDMX(backend) { client, state in
            let lsb = try Self.lsb()
            let response = try await Self.get(client, "/sdmx/rest/data/LSB-SDG,DF_SDG_LA,latest/all")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/vnd.sdmx.structurespecificdata+xml; version=2.1")
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            let message = try SDMXMLDataReader.read(Data(buffer: response.body), file: "data.xml", structure: lsb)
            #expect(message.structureIsDataflow && message.structure?.id == "DF_SDG_LA")
            // Every published value of the national series is there, with the same number.
            // (The national series of the demo and the global SI_POV_NAHC, which LSB's DSD has too.)
            let published = try await ObservationRepository(database: state.database).all()
            #expect(published.count == 117 + Self.poverty.count)
            var served: [String: String] = [:]
            for series in message.series {
                let dims = series.key.filter { !["FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA"].contains($0.id) && $0.value != "_T" }
                    .map { "\($0.id)=\($0.value)" }.sorted().joined(separator: "|")
                for observation in series.observations {
                    served["\(series.value(of: "SERIES")!)/\(series.value(of: "REF_AREA")!)/\(dims)/\(observation.period)"] =
                        observation.value
                }
            }
            #expect(served.count == published.count)
            for o in published {
                let value = served["\(o.series)/\(o.area)/\(o.dimensionKey)/\(o.period.prefix(4))"]
                #expect(value.flatMap(Double.init) == o.value, "\(o.series) \(o.area) \(o.dimensionKey) \(o.period)")
            }
            #expect(
                SDMXDataCheck.check(message, file: "data.xml", structure: lsb, options: .init(alsoAccepted: [message.structure!])).isEmpty
            )
        }
    }

    @Test(arguments: Backend.all)
    func keysPeriodsAndTheGlobalFlow(backend: Backend) async throws {
        try await withSDMX(backend) { client, _ in
            let sdg = try Self.sdg()
            // Alternatives with +, wildcards, periods.
            let sexes = try await Self.get(
                client,
                "/sdmx/rest/data/DF_SDG_LA/A.N._L_LA_180101_01.LA.F+M..........?startPeriod=2017&endPeriod=2018"
            )
            #expect(sexes.status == .ok)
            let sexMessage = try SDMXMLDataReader.read(Data(buffer: sexes.body), file: "sexes.xml", structure: try Self.lsb())
            #expect(Set(sexMessage.series.compactMap { $0.value(of: "SEX") }) == ["F", "M"])
            #expect(Set(sexMessage.series.flatMap(\.observations).map(\.period)) == ["2017", "2018"])
            // The global flow: REF_AREA 418, TIME_DETAIL for the survey years, the province left out.
            let global = try await Self.get(client, "/sdmx/rest/data/IAEG-SDGs,DF_SDG_GLC,1.14/A.N.SI_POV_NAHC.418...........")
            #expect(global.status == .ok)
            let message = try SDMXMLDataReader.read(Data(buffer: global.body), file: "global.xml", structure: sdg)
            #expect(message.series.count == 2 && message.observationCount == 3)
            #expect(message.series.allSatisfy { $0.value(of: "REF_AREA") == "418" && $0.value(of: "REPORTING_TYPE") == "N" })
            let total = try #require(message.series.first { $0.value(of: "URBANISATION") == "_T" })
            #expect(total.observations.map(\.period) == ["2012", "2018"])
            #expect(total.observations.map { $0.attribute("TIME_DETAIL") } == ["2012/2013", "2018/2019"])
            #expect(total.observations.map { $0.attribute("OBS_STATUS") } == ["A", "E"])
            #expect(total.observations.map { $0.attribute("NATURE") } == ["C", "C"])
            #expect(SDMXDataCheck.check(message, file: "global.xml", structure: sdg).isEmpty)
            // Flat: every observation with its key.
            let flat = try await Self.get(client, "/sdmx/rest/data/DF_SDG_GLC/all?dimensionAtObservation=AllDimensions")
            #expect(flat.text.contains("ObsLevelDim:AllDimensions") && flat.text.components(separatedBy: "<Obs ").count == 4)
            let keys = try await Self.get(client, "/sdmx/rest/data/DF_SDG_GLC?detail=serieskeysonly")
            #expect(keys.status == .ok && !keys.text.contains("<Obs") && keys.text.components(separatedBy: "<Series ").count == 3)
            // Nothing published in the range: 404 NoResultsFound.
            for uri in [
                "/sdmx/rest/data/DF_SDG_GLC/all?startPeriod=2030", "/sdmx/rest/data/DF_SDG_GLC/A.N.SI_POV_DAY1.418...........",
                "/sdmx/rest/data/DF_SDG_GLC/all?startPeriod=2019&endPeriod=2012",
            ] {
                let none = try await Self.get(client, uri)
                #expect(none.status == .notFound, "\(uri)")
                #expect(none.text.contains("<message:ErrorMessage code=\"100\">"), "\(uri)")
            }
        }
    }

    @Test(arguments: Backend.all)
    func contentNegotiation(backend: Backend) async throws {
        try await withSDMX(backend) { client, _ in
            let uri = "/sdmx/rest/data/DF_SDG_GLC/all"
            let csv2 = try await Self.get(client, uri, accept: "application/vnd.sdmx.data+csv;version=2.0.0")
            #expect(csv2.status == .ok && csv2.headers[.contentType] == "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8")
            #expect(
                csv2.text.hasPrefix("STRUCTURE,STRUCTURE_ID,ACTION,FREQ,")
                    && csv2.text.contains("\r\ndataflow,IAEG-SDGs:DF_SDG_GLC(1.14),I,A,N,")
            )
            let message = try SDMXCSVReader.read(Data(buffer: csv2.body), file: "data.csv", structure: try Self.sdg())
            #expect(message.observationCount == 3)
            for (accept, prefix) in [
                ("text/csv", "DATAFLOW,"), ("application/vnd.sdmx.data+csv;version=1.0.0", "DATAFLOW,"),
                ("application/vnd.sdmx.genericdata+xml;version=2.1, text/csv;q=0.5", "DATAFLOW,"),
                ("application/vnd.sdmx.structurespecificdata+xml;version=2.1", "<?xml"), ("*/*", "<?xml"), ("application/xml", "<?xml"),
            ] {
                let response = try await Self.get(client, uri, accept: accept)
                #expect(response.status == .ok && response.text.hasPrefix(prefix), "\(accept)")
            }
            let format = try await Self.get(client, uri + "?format=csv2", accept: "application/xml")
            #expect(format.text.hasPrefix("STRUCTURE,"), "format wins over Accept")
            for accept in [
                "application/vnd.sdmx.genericdata+xml;version=2.1", "application/json", "application/vnd.sdmx.data+csv;version=3.0.0",
            ] {
                let refused = try await Self.get(client, uri, accept: accept)
                #expect(refused.status == .notAcceptable, "\(accept)")
                #expect(refused.text.contains("application/vnd.sdmx.data+csv;version=2.0.0"))
            }
            let unknownFormat = try await Self.get(client, uri + "?format=genericdata")
            #expect(unknownFormat.status == .notAcceptable)
        }
    }

    @Test(arguments: Backend.all)
    func malformedQueriesAreNamed(backend: Backend) async throws {
        try await withSDMX(backend) { client, _ in
            let short = try await Self.get(client, "/sdmx/rest/data/DF_SDG_GLC/A.N.SI_POV_NAHC")
            #expect(short.status == .badRequest)
            #expect(
                short.text.contains("code=\"140\"") && short.text.contains("The key has 3 parts")
                    && short.text.contains("FREQ.REPORTING_TYPE.SERIES")
            )
            let badCode = try await Self.get(client, "/sdmx/rest/data/DF_SDG_GLC/A.N.SI_POV_NAHC.418.F*..........")
            #expect(badCode.status == .badRequest && badCode.text.contains("SEX") && badCode.text.contains("F*"))
            let period = try await Self.get(client, "/sdmx/rest/data/DF_SDG_GLC/all?startPeriod=last-year")
            #expect(period.status == .badRequest && period.text.contains("startPeriod"))
            let dimension = try await Self.get(client, "/sdmx/rest/data/DF_SDG_GLC/all?dimensionAtObservation=NOPE")
            #expect(dimension.status == .badRequest && dimension.text.contains("dimensionAtObservation"))
            let detail = try await Self.get(client, "/sdmx/rest/data/DF_SDG_GLC/all?detail=most")
            #expect(detail.status == .badRequest)
            let unknownFlow = try await Self.get(client, "/sdmx/rest/data/DF_NOPE/all")
            #expect(unknownFlow.status == .notFound && unknownFlow.text.contains("IAEG-SDGs:DF_SDG_GLC(1.14)"))
            let wrongVersion = try await Self.get(client, "/sdmx/rest/data/IAEG-SDGs,DF_SDG_GLC,9.9/all")
            #expect(wrongVersion.status == .notFound)
            let flowRef = try await Self.get(client, "/sdmx/rest/data/a,b,c,d/all")
            #expect(flowRef.status == .badRequest)
            let firstN = try await Self.get(client, "/sdmx/rest/data/DF_SDG_GLC/all?firstNObservations=1")
            #expect(firstN.status == .notImplemented)
            let byArea = try await Self.get(client, "/sdmx/rest/data/DF_SDG_GLC/all?dimensionAtObservation=REF_AREA")
            #expect(byArea.status == .notImplemented)
        }
    }
}
