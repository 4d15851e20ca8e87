import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PasanDomain
import PasanExchange
import PasanStorage

/// `GET /sdmx/rest/…`: Pasan's published data and the structures it is written against, as an
/// SDMX RESTful web service (SDMX 2.1, REST API v1.5), public and read-only.
///
/// - Data: `/sdmx/rest/data/{flowRef}[/{key}[/{providerRef}]]` with `startPeriod`, `endPeriod`,
///   `dimensionAtObservation` (`TIME_PERIOD`, the default, or `AllDimensions`) and `detail`
///   (`full`, `dataonly`, `serieskeysonly`, `nodata`). `flowRef`: `DF_SDG_GLC`,
///   `IAEG-SDGs,DF_SDG_GLC` or `IAEG-SDGs,DF_SDG_GLC,1.14` (`all`/`latest` for agency or version);
///   key: one part per key dimension, `+` between alternatives, empty = any, or `all`. The
///   answer streams (never held whole): SDMX-ML 2.1 structure-specific by default, SDMX-CSV 1.0
///   or 2.0 by `Accept` or `format`. 404 (SDMX error 100) when nothing matches or the flow is
///   unknown, 400 (140) for a malformed key or parameter, 406 for a format Pasan does not write,
///   501 for parts of the standard it does not implement.
/// - Structures: `/sdmx/rest/{dataflow|datastructure|codelist|conceptscheme}[/{agency}[/{id}[/{version}]]]`
///   with `all`/`latest` and `references` (`none`, `parents`, `parentsandsiblings`, `children`,
///   `descendants`, `all`, or a resource type): built from the DSD model, cached like the
///   portal's pages (ETag, 304).
///
/// Data answers are not cached in memory: they stream and are as large as the query.
struct SDMXController: PortalFeature {
    let state: PortalState

    static let structureResources = ["dataflow", "datastructure", "codelist", "conceptscheme"]

    func register(on router: Router<AppRequestContext>) {
        let rest = router.group("sdmx/rest")
        rest.get("data/{flowRef}", use: data)
        rest.get("data/{flowRef}/{key}", use: data)
        rest.get("data/{flowRef}/{key}/{provider}", use: data)
        for resource in Self.structureResources {
            rest.get(RouterPath(resource), use: structure)
            rest.get(RouterPath("\(resource)/{agency}"), use: structure)
            rest.get(RouterPath("\(resource)/{agency}/{id}"), use: structure)
            rest.get(RouterPath("\(resource)/{agency}/{id}/{version}"), use: structure)
        }
        rest.get("**", use: unknown)
    }

    static func registry() throws -> SDMXRegistry {
        try SDMXRegistry.shared.get()
    }

    static func parameter(_ context: AppRequestContext, _ name: String) -> String? {
        guard let raw = context.parameters.get(name) else { return nil }
        return raw.contains("%") ? (raw.removingPercentEncoding ?? raw) : raw
    }
}

// MARK: - Data

extension SDMXController {
    /// A data query, checked.
    struct DataQuery {
        var target: SDMXExportTarget
        var filter: SDMXKeyFilter
        var observations: ObservationFilter
        var header: SDMXMessageHeader
        var format: SDMXDataFormat

        init(request: Request, context: AppRequestContext, registry: SDMXRegistry, prepared: Date) throws {
            let query = request.uri.queryParameters
            func value(_ name: String) -> String? {
                guard let v = query.get(name)?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
                return v
            }
            let flowRef = SDMXController.parameter(context, "flowRef") ?? ""
            guard let (agency, id, version) = SDMXRegistry.parseFlowRef(flowRef) else {
                throw SDMXRESTError.syntax(Message("sdmx_export.rest.flowRef", ["flowRef": .text(flowRef)]))
            }
            guard let target = registry.target(agency: agency, id: id, version: version) else {
                throw SDMXRESTError(
                    status: .notFound,
                    code: 100,
                    message: Message(
                        "sdmx_export.rest.unknownFlow",
                        [
                            "flowRef": .text(flowRef),
                            "flows": .text(registry.dataflows.map(\.reference.description).joined(separator: ", ")),
                        ]
                    )
                )
            }
            self.target = target
            // Format first: a client that cannot read the answer learns it before anything else.
            if let name = value("format") {
                guard let format = SDMXDataFormat.named(name) else { throw SDMXRESTError.notAcceptable("format=" + name) }
                self.format = format
            } else {
                let accept = request.headers[.accept]
                guard let format = SDMXDataFormat.negotiate(accept) else { throw SDMXRESTError.notAcceptable(accept) }
                self.format = format
            }
            let dimensions = target.structure.dimensions.map(\.id)
            do throws(SDMXKeyFilter.Problem) {
                filter = try SDMXKeyFilter(parsing: SDMXController.parameter(context, "key") ?? "all", dimensions: dimensions)
            } catch {
                switch error {
                case .wrongLength(let found, let expected, let names):
                    throw SDMXRESTError.syntax(
                        Message(
                            "sdmx_export.rest.keyLength",
                            [
                                "found": .number(found), "expected": .number(expected),
                                "flow": .text(target.dataflow.reference.description), "dimensions": .text(names.joined(separator: ".")),
                            ]
                        )
                    )
                case .badCode(let dimension, let code):
                    throw SDMXRESTError.syntax(Message("sdmx_export.rest.keyCode", ["dimension": .text(dimension), "code": .text(code)]))
                }
            }
            if let provider = SDMXController.parameter(context, "provider"), !["all", "*"].contains(provider) {
                throw SDMXRESTError.notImplemented("providerRef=" + provider)
            }
            for name in ["firstNObservations", "lastNObservations", "updatedAfter"] where value(name) != nil {
                throw SDMXRESTError.notImplemented(name)
            }
            if let history = value("includeHistory"), history != "false" { throw SDMXRESTError.notImplemented("includeHistory=" + history) }
            let start = try Self.year(value("startPeriod"), "startPeriod")
            let end = try Self.year(value("endPeriod"), "endPeriod")
            var atObservation = "TIME_PERIOD"
            if let dimension = value("dimensionAtObservation") {
                if dimension == "AllDimensions" || dimension == target.structure.timeDimension {
                    atObservation = dimension
                } else if dimensions.contains(dimension) {
                    throw SDMXRESTError.notImplemented("dimensionAtObservation=" + dimension)
                } else {
                    throw SDMXRESTError.syntax(
                        Message(
                            "sdmx_export.rest.parameter",
                            [
                                "parameter": "dimensionAtObservation", "value": .text(dimension),
                                "expected": .text("TIME_PERIOD, AllDimensions"),
                            ]
                        )
                    )
                }
            }
            var detail = SDMXMessageHeader.Detail.full
            if let text = value("detail") {
                guard let d = SDMXMessageHeader.Detail(rawValue: text) else {
                    throw SDMXRESTError.syntax(
                        Message(
                            "sdmx_export.rest.parameter",
                            [
                                "parameter": "detail", "value": .text(text),
                                "expected": .text(SDMXMessageHeader.Detail.allCases.map(\.rawValue).joined(separator: ", ")),
                            ]
                        )
                    )
                }
                detail = d
            }
            header = SDMXMessageHeader(
                id: SDMXMessageHeader.messageID(prepared: prepared),
                prepared: prepared,
                structure: .dataflow(target.dataflow.reference),
                dimensionAtObservation: atObservation,
                detail: detail
            )
            // What the database can select: series, areas (the DSD's codes back to Pasan's), years.
            let areas = filter.codes(of: "REF_AREA", in: dimensions).map { codes in
                Set(codes.map { $0 == target.countryArea ? Area.countryCode : $0 })
            }
            observations = ObservationFilter(
                series: filter.codes(of: "SERIES", in: dimensions),
                areas: areas,
                startYear: start,
                endYear: end
            )
        }

        /// The year a period parameter starts with (`2015`, `2015-06`, `2015-Q2`, `2015-06-30`).
        static func year(_ text: String?, _ name: String) throws -> Int? {
            guard let text else { return nil }
            let utf8 = Array(text.utf8)
            guard utf8.count >= 4, utf8[..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), utf8.count == 4 || utf8[4] == UInt8(ascii: "-"),
                let year = Int(String(decoding: utf8[..<4], as: UTF8.self))
            else {
                throw SDMXRESTError.syntax(Message("sdmx_export.rest.period", ["parameter": .text(name), "value": .text(text)]))
            }
            return year
        }
    }

    /// The export running for one response: pulled page by page, first by the handler (to know
    /// whether there is anything to answer), then by the response body. Used by one task at a
    /// time, in sequence, hence `@unchecked Sendable`.
    final class DataPipeline: @unchecked Sendable {
        var pages: ObservationStream.AsyncIterator
        let exporter: SDMXExporter
        let writer: any SDMXDataWriter
        var ended = false

        init(pages: ObservationStream.AsyncIterator, exporter: SDMXExporter, writer: any SDMXDataWriter) {
            self.pages = pages
            self.exporter = exporter
            self.writer = writer
        }

        /// Feeds one page; at the end, finishes the export and the message.
        func step() async throws {
            guard !ended else { return }
            if let page = try await pages.next() {
                try exporter.add(page)
            } else {
                ended = true
                try exporter.finish()
                if exporter.report.series > 0 { try writer.finish() }
            }
        }
    }

    @Sendable func data(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let registry = try Self.registry()
        let query = try DataQuery(request: request, context: context, registry: registry, prepared: state.database.clock.now())
        if let start = query.observations.startYear, let end = query.observations.endYear, end < start { throw SDMXRESTError.noResults() }
        let output = SDMXOutput()
        let layout = SDMXExporter.layout(for: query.target.structure)
        let writer: any SDMXDataWriter
        switch query.format {
        case .structureSpecific: writer = SDMXMLWriter(output: output, header: query.header, layout: layout)
        case .csv1: writer = SDMXCSVWriter(output: output, version: .v1, header: query.header, layout: layout)
        case .csv2: writer = SDMXCSVWriter(output: output, version: .v2, header: query.header, layout: layout)
        }
        let multipliers = try await ObservationStream.unitMultipliers(state.database)
        let exporter = SDMXExporter(target: query.target, writer: writer, unitMultipliers: multipliers, filter: query.filter)
        let stream = ObservationStream(database: state.database, filter: query.observations)
        let pipeline = DataPipeline(pages: stream.makeAsyncIterator(), exporter: exporter, writer: writer)
        try writer.begin()
        // Read until the first series is written (or the end): a query that matches nothing is a 404.
        while !pipeline.ended && exporter.report.series == 0 { try await pipeline.step() }
        guard exporter.report.series > 0 else { throw SDMXRESTError.noResults() }
        let logger = context.logger
        let body = ResponseBody { bodyWriter in
            do {
                let output = pipeline.writer.output
                try await bodyWriter.write(ByteBuffer(bytes: output.take()))
                while !pipeline.ended {
                    try await pipeline.step()
                    if output.pendingCount > 0 { try await bodyWriter.write(ByteBuffer(bytes: output.take())) }
                }
                try await bodyWriter.finish(nil)
                let report = pipeline.exporter.report
                if report.leftOutCount > 0 {
                    logger.info(
                        "SDMX data: observations left out",
                        metadata: ["written": "\(report.written)", "leftOut": "\(report.leftOutCount)", "path": "\(request.uri.path)"]
                    )
                }
            } catch {
                logger.error("SDMX data: the answer stopped early", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
                throw error
            }
        }
        return Response(
            status: .ok,
            headers: [.contentType: query.format.contentType, .cacheControl: "public, no-cache", .vary: "Accept, Accept-Encoding"],
            body: body
        )
    }
}

// MARK: - Structures

extension SDMXController {
    enum References: String, CaseIterable {
        case none, parents, parentsandsiblings, children, descendants, all
    }

    @Sendable func structure(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let path = request.uri.path.split(separator: "/").map(String.init)
        guard let resourceIndex = path.firstIndex(where: Self.structureResources.contains) else { throw SDMXRESTError.noResults() }
        let resource = path[resourceIndex]
        let agency = Self.parameter(context, "agency") ?? "all"
        let id = Self.parameter(context, "id") ?? "all"
        let version = Self.parameter(context, "version") ?? "latest"
        let query = request.uri.queryParameters
        let referencesText = query.get("references") ?? "none"
        let typed = Self.structureResources.contains(referencesText) ? referencesText : nil
        guard typed != nil || References(rawValue: referencesText) != nil else {
            throw SDMXRESTError.syntax(
                Message(
                    "sdmx_export.rest.parameter",
                    [
                        "parameter": "references", "value": .text(referencesText),
                        "expected": .text((References.allCases.map(\.rawValue) + Self.structureResources).joined(separator: ", ")),
                    ]
                )
            )
        }
        if let detail = query.get("detail"),
            !["full", "allstubs", "referencestubs", "allcompletestubs", "referencecompletestubs", "referencepartial"].contains(detail)
        {
            throw SDMXRESTError.syntax(
                Message("sdmx_export.rest.parameter", ["parameter": "detail", "value": .text(detail), "expected": "full"])
            )
        }
        guard MediaRange.acceptsStructure(request.headers[.accept]) else { throw SDMXRESTError.notAcceptable(request.headers[.accept]) }
        let key = CacheKey(request, parameters: ["references", "detail"])
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        let registry = try Self.registry()
        let selection = try Self.select(
            registry,
            resource: resource,
            agency: agency,
            id: id,
            version: version,
            references: References(rawValue: referencesText) ?? .all,
            only: typed
        )
        guard let selection else {
            throw SDMXRESTError(
                status: .notFound,
                code: 100,
                message: Message(
                    "sdmx_export.rest.noStructure",
                    ["resource": .text(resource), "agency": .text(agency), "id": .text(id), "version": .text(version)]
                )
            )
        }
        let prepared = state.database.clock.now()
        return try state.cache.entry(key) {
            (
                .ok, SDMXStructureWriter.contentType,
                try SDMXStructureWriter.text(selection, id: SDMXMessageHeader.messageID(prepared: prepared), prepared: prepared)
            )
        }.response(for: request)
    }

    /// The maintainables a structure query names, with what `references` adds; `nil` when the
    /// query names nothing.
    static func select(
        _ registry: SDMXRegistry,
        resource: String,
        agency: String,
        id: String,
        version: String,
        references: References,
        only typed: String?
    ) throws -> SDMXStructureSelection? {
        var selection = SDMXStructureSelection()
        var dataflows: [SDMXDataflow] = []
        var structures: [DataStructure] = []
        var codelists: [SDMXCodelist] = []
        var schemes: [SDMXConceptScheme] = []
        // Parents and children found through the references.
        var parents: [DataStructure] = []
        var parentFlows: [SDMXDataflow] = []
        switch resource {
        case "dataflow":
            dataflows = SDMXRegistry.select(registry.dataflows, reference: \.reference, agency: agency, id: id, version: version)
        case "datastructure":
            structures = SDMXRegistry.select(registry.structures, reference: \.reference, agency: agency, id: id, version: version)
        case "codelist":
            codelists = SDMXRegistry.select(registry.codelists, reference: \.reference, agency: agency, id: id, version: version)
        default:
            schemes = SDMXRegistry.select(registry.conceptSchemes, reference: \.reference, agency: agency, id: id, version: version)
        }
        guard !(dataflows.isEmpty && structures.isEmpty && codelists.isEmpty && schemes.isEmpty) else { return nil }
        selection.dataflows = dataflows
        selection.dataStructures = structures
        selection.codelists = codelists
        selection.conceptSchemes = schemes

        let wantsChildren = typed != nil || [.children, .descendants, .all].contains(references)
        let wantsDescendants = typed != nil || [.descendants, .all].contains(references)
        let wantsParents = typed != nil || [.parents, .parentsandsiblings, .all].contains(references)
        let wantsSiblings = typed != nil || [.parentsandsiblings, .all].contains(references)
        // Children: a dataflow's DSD; a DSD's codelists and concept scheme (a dataflow's too, as
        // descendants).
        var childStructures: [DataStructure] = []
        if wantsChildren {
            childStructures = dataflows.compactMap { registry.structure($0.structure) }
        }
        var childCodelists: [SDMXCodelist] = []
        var childSchemes: [SDMXConceptScheme] = []
        let expanding = structures + (wantsDescendants ? childStructures : [])
        if wantsChildren {
            for structure in expanding {
                let children = registry.children(of: structure)
                childCodelists += children.codelists
                childSchemes += children.schemes
            }
        }
        // Parents: the DSDs using a codelist or concept scheme; the dataflows over a DSD.
        if wantsParents {
            let listIDs = Set(codelists.map(\.reference))
            let schemeIDs = Set(schemes.map(\.reference))
            parents = registry.structures.filter { structure in
                let children = registry.children(of: structure)
                return children.codelists.contains { listIDs.contains($0.reference) }
                    || children.schemes.contains { schemeIDs.contains($0.reference) }
            }
            let structureRefs = Set((structures + parents).map(\.reference))
            parentFlows = registry.dataflows.filter { structureRefs.contains($0.structure) }
            if wantsSiblings {
                for structure in parents {
                    let children = registry.children(of: structure)
                    childCodelists += children.codelists
                    childSchemes += children.schemes
                }
            }
        }
        func add<T>(_ items: [T], to list: inout [T], reference: (T) -> SDMXReference) {
            var seen = Set(list.map(reference))
            for item in items where seen.insert(reference(item)).inserted { list.append(item) }
        }
        if typed == nil || typed == "dataflow" { add(parentFlows, to: &selection.dataflows, reference: \.reference) }
        if typed == nil || typed == "datastructure" {
            add(childStructures + parents, to: &selection.dataStructures, reference: \.reference)
        }
        if typed == nil || typed == "codelist" { add(childCodelists, to: &selection.codelists, reference: \.reference) }
        if typed == nil || typed == "conceptscheme" { add(childSchemes, to: &selection.conceptSchemes, reference: \.reference) }
        return selection
    }

    @Sendable func unknown(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let segments = request.uri.path.split(separator: "/")
        let resource = segments.count > 2 ? String(segments[2]) : ""
        throw SDMXRESTError.notImplemented(resource.isEmpty ? request.uri.path : "/\(resource)")
    }
}
