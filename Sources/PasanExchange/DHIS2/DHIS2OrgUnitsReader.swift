import Foundation
import PasanDomain

/// The `pager` of a DHIS2 list (`/api/organisationUnits?page=2`). Since 2.41 DHIS2 leaves out
/// `total` and `pageCount` unless asked (`totalPages=true`), so they may be `nil`; `nextPage` is
/// there while more pages follow.
public struct DHIS2Pager: Sendable, Hashable {
    public var page: Int
    public var pageCount: Int?
    public var total: Int?
    public var pageSize: Int?
    public var nextPage: String?

    public init(page: Int, pageCount: Int?, total: Int?, pageSize: Int?, nextPage: String?) {
        self.page = page
        self.pageCount = pageCount
        self.total = total
        self.pageSize = pageSize
        self.nextPage = nextPage
    }

    /// Whether another page follows this one.
    public var hasNextPage: Bool {
        if nextPage != nil { return true }
        guard let pageCount else { return false }
        return page < pageCount
    }
}

/// Reads the organisation units of an `/api/organisationUnits` answer, or of a metadata package
/// (`/api/metadata`) that holds an `organisationUnits` list: `id` (a UID), `code`, `name`
/// (else `displayName`, else `shortName`), `level`, `parent.id` and `path`; other fields are
/// ignored. Every problem is collected (`organisationUnits[4].id`); nothing is returned while any
/// is left.
public enum DHIS2OrgUnitsReader {
    public static func read(_ data: Data, file: String) throws -> (orgUnits: [DHIS2OrgUnit], pager: DHIS2Pager?) {
        let root = try JSONDocument.read(data, file: file).get()
        var reader = JSONFieldReader(file: file)
        guard reader.object(root, at: "") != nil else {
            try reader.finish()
            return ([], nil)
        }
        var units: [DHIS2OrgUnit] = []
        for (index, node) in (reader.array(root["organisationUnits"], at: "organisationUnits") ?? []).enumerated() {
            func path() -> String { "organisationUnits[\(index)]" }
            guard reader.object(node, at: path()) != nil else { continue }
            let uid = reader.text(node["id"], at: "\(path()).id")
            let name =
                [node["name"], node["displayName"], node["shortName"]]
                .compactMap { reader.text($0, at: "\(path()).name") }
                .first { !$0.trimmedWhitespace.isEmpty }
            let code = reader.text(node["code"], at: "\(path()).code")
            let level = reader.integer(node["level"], at: "\(path()).level")
            var parent: String?
            if let parentNode = node["parent"], case .object = parentNode {
                parent = reader.text(parentNode["id"], at: "\(path()).parent.id")
            } else if let parentNode = node["parent"], parentNode.scalarText != nil {
                reader.fail("\(path()).parent", parentNode, Message("dhis2_exchange.json.object"))
            }
            let unitPath = reader.text(node["path"], at: "\(path()).path")
            guard let uid, DHIS2UID.isValid(uid) else {
                reader.fail("\(path()).id", node["id"], Message("dhis2_exchange.uid"))
                continue
            }
            guard let name else {
                reader.fail("\(path()).name", node["name"], Message("dhis2_exchange.orgUnit.name"))
                continue
            }
            units.append(
                DHIS2OrgUnit(
                    uid: uid,
                    code: code?.isEmpty == false ? code : nil,
                    name: name,
                    level: level,
                    parentUID: parent?.isEmpty == false ? parent : nil,
                    path: unitPath?.isEmpty == false ? unitPath : nil
                )
            )
        }
        var pager: DHIS2Pager?
        if let node = root["pager"], reader.object(node, at: "pager") != nil {
            let page = reader.integer(node["page"], at: "pager.page")
            if let page {
                pager = DHIS2Pager(
                    page: page,
                    pageCount: reader.integer(node["pageCount"], at: "pager.pageCount"),
                    total: reader.integer(node["total"], at: "pager.total"),
                    pageSize: reader.integer(node["pageSize"], at: "pager.pageSize"),
                    nextPage: reader.text(node["nextPage"], at: "pager.nextPage")
                )
            } else {
                reader.fail("pager.page", node["page"], Message("dhis2_exchange.json.integer"))
            }
        }
        try reader.finish()
        return (units, pager)
    }
}
