import Foundation
import PasanDomain

/// Writes a data value set as DHIS2 writes `/api/dataValueSets.json` (`docs/dhis2.md` 2.1): the
/// envelope's fields that are set, then `dataValues`, one value a line, each with its own
/// period, organisation unit and combos; `value` always a string; the follow-up flag spelt
/// `followup` (what every DHIS2 version reads). Fields that are `nil` are left out. The same set
/// always gives the same bytes, and `DHIS2DataValueSetReader.readJSON` reads them back equal.
public enum DHIS2DataValueSetWriter {
    public static func json(_ set: DHIS2DataValueSet) -> Data {
        var out = JSONText()
        out.raw("{")
        var first = true
        func member(_ key: String, _ value: String?) {
            guard let value else { return }
            if !first { out.raw(",") }
            first = false
            out.string(key)
            out.raw(":")
            out.string(value)
        }
        member("dataSet", set.dataSet)
        member("completeDate", set.completeDate)
        member("period", set.period)
        member("orgUnit", set.orgUnit)
        member("attributeOptionCombo", set.attributeOptionCombo)
        for entry in set.idSchemes.entries { member(entry.key, entry.value) }
        if let dryRun = set.dryRun {
            if !first { out.raw(",") }
            first = false
            out.raw("\"dryRun\":\(dryRun)")
        }
        if !first { out.raw(",") }
        out.raw("\"dataValues\":[")
        for (index, value) in set.values.enumerated() {
            out.raw(index == 0 ? "\n{" : ",\n{")
            write(value, to: &out)
            out.raw("}")
        }
        out.raw(set.values.isEmpty ? "]}\n" : "\n]}\n")
        return out.data
    }

    private static func write(_ value: DHIS2DataValue, to out: inout JSONText) {
        var first = true
        func member(_ key: String, _ text: String?) {
            guard let text else { return }
            if !first { out.raw(",") }
            first = false
            out.string(key)
            out.raw(":")
            out.string(text)
        }
        func flag(_ key: String, _ flag: Bool?) {
            guard let flag else { return }
            if !first { out.raw(",") }
            first = false
            out.raw("\"\(key)\":\(flag)")
        }
        member("dataElement", value.dataElement)
        member("period", value.period)
        member("orgUnit", value.orgUnit)
        member("categoryOptionCombo", value.categoryOptionCombo)
        member("attributeOptionCombo", value.attributeOptionCombo)
        member("value", value.value)
        member("storedBy", value.storedBy)
        member("lastUpdated", value.lastUpdated)
        member("comment", value.comment)
        flag("followup", value.followup)
        flag("deleted", value.deleted)
    }
}

/// JSON text written by hand into bytes: strings escaped as RFC 8259 requires (quote,
/// backslash, control characters), everything else as given.
struct JSONText {
    var bytes: [UInt8] = []

    var data: Data { Data(bytes) }

    mutating func raw(_ fragment: String) { bytes.append(contentsOf: fragment.utf8) }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
