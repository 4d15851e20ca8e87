import Foundation
import PasanDomain

/// DHIS2's web message (`docs/dhis2.md` 2.5): the envelope of every answer to a write and of every
/// error (`{"httpStatus": "Unauthorized", "httpStatusCode": 401, "status": "ERROR", "message": …}`),
/// with the import summary of a data value import in `response`.
///
/// Both dialects read alike: up to 2.42 a summary with status WARNING comes with HTTP 409
/// (`httpStatus: "Conflict"`), from 2.43 with 200; older servers answer a bare `ImportSummary`
/// without envelope, which `DHIS2WebMessageReader` wraps. A `response` of another kind (a job
/// reference, error reports) is left out: `response` is only ever an import summary.
public struct DHIS2WebMessage: Sendable, Hashable, Codable {
    /// `OK`, `Conflict`, `Unauthorized`… (the HTTP reason phrase).
    public var httpStatus: String?
    public var httpStatusCode: Int?
    /// `OK`, `WARNING` or `ERROR`.
    public var status: String?
    /// DHIS2's own message, in its words (English): what a client shows.
    public var message: String?
    /// `E1005`…, on newer servers.
    public var errorCode: String?
    public var devMessage: String?
    public var response: DHIS2ImportSummary?

    public init(
        httpStatus: String?,
        httpStatusCode: Int?,
        status: String?,
        message: String?,
        errorCode: String? = nil,
        devMessage: String? = nil,
        response: DHIS2ImportSummary? = nil
    ) {
        self.httpStatus = httpStatus
        self.httpStatusCode = httpStatusCode
        self.status = status
        self.message = message
        self.errorCode = errorCode
        self.devMessage = devMessage
        self.response = response
    }

    /// Pasan's answer to a push: 200 `OK` for SUCCESS and for WARNING (as DHIS2 ≥ 2.43 answers;
    /// `docs/dhis2.md` 2.5), 409 `Conflict` for ERROR; the envelope's status `OK`, `WARNING` or
    /// `ERROR`. `message` is the text to show (the caller's, in the user's language).
    public init(importSummary: DHIS2ImportSummary, message: String) {
        switch importSummary.status {
        case .success: self.init(httpStatus: "OK", httpStatusCode: 200, status: "OK", message: message, response: importSummary)
        case .warning: self.init(httpStatus: "OK", httpStatusCode: 200, status: "WARNING", message: message, response: importSummary)
        case .error: self.init(httpStatus: "Conflict", httpStatusCode: 409, status: "ERROR", message: message, response: importSummary)
        }
    }

    enum CodingKeys: String, CodingKey {
        case httpStatus, httpStatusCode, status, message, errorCode, devMessage, response
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        httpStatus = try container.decodeIfPresent(String.self, forKey: .httpStatus)
        httpStatusCode = try container.decodeIfPresent(Int.self, forKey: .httpStatusCode)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        errorCode = try container.decodeIfPresent(String.self, forKey: .errorCode)
        devMessage = try container.decodeIfPresent(String.self, forKey: .devMessage)
        if let probe = try container.decodeIfPresent(SummaryProbe.self, forKey: .response), probe.isImportSummary {
            response = try container.decode(DHIS2ImportSummary.self, forKey: .response)
        }
    }
}

/// Whether an object is an import summary: its `responseType` says so, or, without one, it
/// counts imports. Never fails: anything else is simply not one.
struct SummaryProbe: Decodable {
    var isImportSummary = false

    enum CodingKeys: String, CodingKey { case responseType, importCount }

    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: CodingKeys.self) else { return }
        if let type = try? container.decodeIfPresent(String.self, forKey: .responseType) {
            isImportSummary = type == "ImportSummary"
        } else {
            isImportSummary = container.contains(.importCount)
        }
    }
}

/// SUCCESS, WARNING (some values refused, the rest imported) or ERROR (nothing imported).
public enum DHIS2ImportStatus: String, Sendable, Hashable, Codable {
    case success = "SUCCESS"
    case warning = "WARNING"
    case error = "ERROR"
}

/// The import summary of a data value import (`response` of the web message).
public struct DHIS2ImportSummary: Sendable, Hashable, Codable {
    /// `ImportSummary`.
    public var responseType: String
    public var status: DHIS2ImportStatus
    /// The options the server used (`dryRun`, `importStrategy`, `idSchemes`…), as given.
    public var importOptions: [String: DHIS2JSONValue]?
    public var description: String?
    public var importCount: DHIS2ImportCount
    public var conflicts: [DHIS2ImportConflict]
    /// Positions (0-based) of the refused values in the payload (DHIS2 ≥ 2.38).
    public var rejectedIndexes: [Int]
    /// `"false"`, or the date the data set was marked complete.
    public var dataSetComplete: String?

    public init(
        status: DHIS2ImportStatus,
        importCount: DHIS2ImportCount,
        conflicts: [DHIS2ImportConflict] = [],
        rejectedIndexes: [Int] = [],
        dataSetComplete: String? = "false",
        importOptions: [String: DHIS2JSONValue]? = nil,
        description: String? = nil
    ) {
        responseType = "ImportSummary"
        self.status = status
        self.importOptions = importOptions
        self.description = description
        self.importCount = importCount
        self.conflicts = conflicts
        self.rejectedIndexes = rejectedIndexes
        self.dataSetComplete = dataSetComplete
    }

    enum CodingKeys: String, CodingKey {
        case responseType, status, importOptions, description, importCount, conflicts, rejectedIndexes, dataSetComplete
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        responseType = try container.decodeIfPresent(String.self, forKey: .responseType) ?? "ImportSummary"
        status = try container.decode(DHIS2ImportStatus.self, forKey: .status)
        importOptions = try container.decodeIfPresent([String: DHIS2JSONValue].self, forKey: .importOptions)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        importCount = try container.decodeIfPresent(DHIS2ImportCount.self, forKey: .importCount) ?? DHIS2ImportCount()
        conflicts = try container.decodeIfPresent([DHIS2ImportConflict].self, forKey: .conflicts) ?? []
        rejectedIndexes = try container.decodeIfPresent([Int].self, forKey: .rejectedIndexes) ?? []
        // "false" or a date as text; some versions write a JSON boolean.
        if let flag = try? container.decodeIfPresent(Bool.self, forKey: .dataSetComplete) {
            dataSetComplete = flag ? "true" : "false"
        } else {
            dataSetComplete = try container.decodeIfPresent(String.self, forKey: .dataSetComplete)
        }
    }
}

/// How many values were imported, updated, ignored and deleted; a missing count is 0.
public struct DHIS2ImportCount: Sendable, Hashable, Codable {
    public var imported: Int
    public var updated: Int
    public var ignored: Int
    public var deleted: Int

    public init(imported: Int = 0, updated: Int = 0, ignored: Int = 0, deleted: Int = 0) {
        self.imported = imported
        self.updated = updated
        self.ignored = ignored
        self.deleted = deleted
    }

    enum CodingKeys: String, CodingKey { case imported, updated, ignored, deleted }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        imported = try container.decodeIfPresent(Int.self, forKey: .imported) ?? 0
        updated = try container.decodeIfPresent(Int.self, forKey: .updated) ?? 0
        ignored = try container.decodeIfPresent(Int.self, forKey: .ignored) ?? 0
        deleted = try container.decodeIfPresent(Int.self, forKey: .deleted) ?? 0
    }
}

/// One refused value or problem: ≤ 2.42 `{object, value}` (the object is the value, a UID or a
/// period); ≥ 2.43 adds `objects` (what each identifier was), `errorCode` (`E7619`, `E8002`…),
/// `property` and `indexes` (positions in the payload).
public struct DHIS2ImportConflict: Sendable, Hashable, Codable {
    public var object: String?
    public var objects: [String: String]?
    /// What is wrong, in DHIS2's words.
    public var value: String
    public var errorCode: String?
    public var property: String?
    public var indexes: [Int]?

    public init(
        object: String?,
        value: String,
        objects: [String: String]? = nil,
        errorCode: String? = nil,
        property: String? = nil,
        indexes: [Int]? = nil
    ) {
        self.object = object
        self.objects = objects
        self.value = value
        self.errorCode = errorCode
        self.property = property
        self.indexes = indexes
    }

    enum CodingKeys: String, CodingKey { case object, objects, value, errorCode, property, indexes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        object = try container.decodeIfPresent(String.self, forKey: .object)
        objects = try container.decodeIfPresent([String: String].self, forKey: .objects)
        value = try container.decodeIfPresent(String.self, forKey: .value) ?? ""
        errorCode = try container.decodeIfPresent(String.self, forKey: .errorCode)
        property = try container.decodeIfPresent(String.self, forKey: .property)
        indexes = try container.decodeIfPresent([Int].self, forKey: .indexes)
    }
}

/// Any JSON value, for the parts of DHIS2's answers Pasan keeps without interpreting them
/// (`importOptions`). A number that is not finite is written as `null`.
public enum DHIS2JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([DHIS2JSONValue])
    case object([String: DHIS2JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([DHIS2JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: DHIS2JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// Reads DHIS2 web messages: import summaries (both dialects, with or without envelope) and the
/// JSON error bodies of 401, 404, 409…, so a client can show DHIS2's own message. The text is
/// first checked as JSON within `DHIS2Limits` (size, nesting); a field of the wrong kind is a
/// problem naming its path (`response.importCount.imported`).
public enum DHIS2WebMessageReader {
    public static func read(_ data: Data, file: String) throws -> DHIS2WebMessage {
        let root = try JSONDocument.read(data, file: file).get()
        guard case .object = root else {
            throw ExchangeProblems([ExchangeProblem(file: file, found: root.echo, expected: Message("dhis2_exchange.json.object"))])
        }
        let decoder = JSONDecoder()
        do {
            // An older server's bare import summary: the summary without envelope.
            if root["httpStatus"] == nil, root["httpStatusCode"] == nil, root["response"] == nil,
                root["responseType"] != nil || root["importCount"] != nil
            {
                let summary = try decoder.decode(DHIS2ImportSummary.self, from: data)
                return DHIS2WebMessage(httpStatus: nil, httpStatusCode: nil, status: nil, message: nil, response: summary)
            }
            return try decoder.decode(DHIS2WebMessage.self, from: data)
        } catch let error as DecodingError {
            throw ExchangeProblems([problem(error, file: file)])
        }
    }

    /// The import summary of an answer; a message without one (an error body) is a problem that
    /// carries DHIS2's message as what was found.
    public static func readImportSummary(_ data: Data, file: String) throws -> DHIS2ImportSummary {
        let message = try read(data, file: file)
        guard let summary = message.response else {
            throw ExchangeProblems([
                ExchangeProblem(
                    file: file,
                    location: "response",
                    found: message.message,
                    expected: Message("dhis2_exchange.summary.missing")
                )
            ])
        }
        return summary
    }

    static func problem(_ error: DecodingError, file: String) -> ExchangeProblem {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce(into: "") { text, key in
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return ExchangeProblem(
                file: file,
                location: path(context.codingPath + [key]),
                expected: Message("dhis2_exchange.summary.field")
            )
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            // A number too large for any Swift number is found while the text is scanned: no path.
            let location = path(context.codingPath)
            return ExchangeProblem(
                file: file,
                location: location.isEmpty ? nil : location,
                expected: Message("dhis2_exchange.summary.field")
            )
        @unknown default:
            return ExchangeProblem(file: file, expected: Message("dhis2_exchange.summary.field"))
        }
    }
}

/// Writes a web message as DHIS2 does (keys sorted, so the same message gives the same bytes);
/// `nil` fields are left out.
public enum DHIS2WebMessageWriter {
    public static func json(_ message: DHIS2WebMessage) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Cannot fail: every value is a string, a whole number, a boolean or a finite number.
        return try! encoder.encode(message)
    }
}
