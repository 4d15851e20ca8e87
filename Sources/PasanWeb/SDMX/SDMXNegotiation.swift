import Foundation
import HTTPTypes
import Hummingbird
import PasanDomain
import PasanExchange
import PasanMessages

/// The data formats the SDMX REST data queries answer in, and how a request chooses one.
enum SDMXDataFormat: String, Sendable, CaseIterable {
    case structureSpecific
    case csv1
    case csv2

    var contentType: String {
        switch self {
        case .structureSpecific: return SDMXMLWriter.contentType
        case .csv1: return SDMXCSVWriter.Version.v1.contentType
        case .csv2: return SDMXCSVWriter.Version.v2.contentType
        }
    }

    /// What a 406 lists.
    static let offered =
        "application/vnd.sdmx.structurespecificdata+xml;version=2.1, application/vnd.sdmx.data+csv;version=1.0.0, application/vnd.sdmx.data+csv;version=2.0.0, text/csv"

    /// The `format` query parameter, a convenience for browsers and scripts (Pasan's names):
    /// `structurespecificdata`, `csv` or `csvfile` (SDMX-CSV 1.0), `csv1`, `csv2`.
    static func named(_ name: String) -> SDMXDataFormat? {
        switch name.lowercased() {
        case "structurespecificdata", "structurespecific", "xml": return .structureSpecific
        case "csv", "csvfile", "csv1", "sdmx-csv": return .csv1
        case "csv2": return .csv2
        default: return nil
        }
    }

    /// The format for an `Accept` header: the acceptable media type with the highest `q` (in
    /// the order written among equals) that Pasan writes; SDMX-ML structure-specific when the
    /// header is absent or accepts anything. `nil` when nothing acceptable can be written (406).
    /// `text/csv` and an SDMX-CSV type without a version are SDMX-CSV 1.0.0, the version the SDMX
    /// REST 2.1 guidelines pair with (Pasan's default).
    static func negotiate(_ accept: String?) -> SDMXDataFormat? {
        MediaRange.choose(accept, default: .structureSpecific) { range in
            switch range.type {
            case "application/vnd.sdmx.structurespecificdata+xml":
                return range.version == nil || range.version == "2.1" ? .structureSpecific : nil
            case "application/vnd.sdmx.data+csv", "text/csv":
                switch range.version {
                case nil, "1.0.0", "1.0", "1": return .csv1
                case "2.0.0", "2.0", "2": return .csv2
                default: return nil
                }
            case "application/xml", "text/xml", "*/*", "application/*": return .structureSpecific
            case "text/*": return .csv1
            default: return nil
            }
        }
    }
}

/// One entry of an `Accept` header.
struct MediaRange {
    var type: String
    var version: String?
    var quality: Double

    static func parse(_ header: String) -> [MediaRange] {
        header.split(separator: ",").compactMap { part in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let type = pieces.first?.lowercased(), !type.isEmpty else { return nil }
            var range = MediaRange(type: type, version: nil, quality: 1)
            for parameter in pieces.dropFirst() {
                let kv = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2 else { continue }
                let value = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                switch kv[0].lowercased() {
                case "version": range.version = value
                case "q": range.quality = Double(value) ?? 1
                default: break
                }
            }
            return range
        }
    }

    /// The first acceptable choice by quality; `fallback` when there is no header.
    static func choose<T>(_ header: String?, default fallback: T, _ map: (MediaRange) -> T?) -> T? {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { return fallback }
        let ranges = parse(header).enumerated().filter { $0.element.quality > 0 }
            .sorted { $0.element.quality != $1.element.quality ? $0.element.quality > $1.element.quality : $0.offset < $1.offset }
        for (_, range) in ranges { if let chosen = map(range) { return chosen } }
        return nil
    }

    /// Whether a structure message (SDMX-ML 2.1) is acceptable.
    static func acceptsStructure(_ header: String?) -> Bool {
        choose(header, default: true) { range in
            switch range.type {
            case "application/vnd.sdmx.structure+xml": return range.version == nil || range.version == "2.1" ? true : nil
            case "application/xml", "text/xml", "*/*", "application/*": return true
            default: return nil
            }
        } ?? false
    }
}

/// An SDMX REST error: the HTTP status with an SDMX-ML 2.1 error message (`message:Error`,
/// `ErrorMessage@code` from the SDMX RESTful web services guidelines: 100 no results found,
/// 140 syntax error, 150 semantic error, 501 not implemented) whose text is in English and Lao;
/// a 406 is plain text, since the client said it cannot read XML.
struct SDMXRESTError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: Int
    var message: Message

    static func noResults() -> SDMXRESTError {
        SDMXRESTError(status: .notFound, code: 100, message: Message("sdmx_export.rest.noResults"))
    }

    static func syntax(_ message: Message) -> SDMXRESTError {
        SDMXRESTError(status: .badRequest, code: 140, message: message)
    }

    static func notImplemented(_ feature: String) -> SDMXRESTError {
        SDMXRESTError(status: .notImplemented, code: 501, message: Message("sdmx_export.rest.notImplemented", ["feature": .text(feature)]))
    }

    static func notAcceptable(_ accept: String?) -> SDMXRESTError {
        SDMXRESTError(
            status: .notAcceptable,
            code: 406,
            message: Message("sdmx_export.rest.notAcceptable", ["accept": .text(accept ?? ""), "formats": .text(SDMXDataFormat.offered)])
        )
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let english = message.text(in: .en), lao = message.text(in: .lo)
        if status == .notAcceptable {
            return Response(
                status: status,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: english + "\n" + lao + "\n"))
            )
        }
        let output = SDMXOutput(chunkSize: Int.max)
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" as StaticString)
        output.write(
            "<message:Error xmlns:message=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message\" xmlns:common=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common\">\n"
                as StaticString
        )
        output.write("  <message:ErrorMessage code=\"\(code)\">\n    <common:Text xml:lang=\"en\">")
        output.writeXMLEscaped(english)
        output.write("</common:Text>\n    <common:Text xml:lang=\"lo\">" as StaticString)
        output.writeXMLEscaped(lao)
        output.write("</common:Text>\n  </message:ErrorMessage>\n</message:Error>\n" as StaticString)
        return Response(
            status: status,
            headers: [.contentType: "application/xml; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: output.take()))
        )
    }
}
