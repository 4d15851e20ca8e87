import Foundation

/// A minimal ZIP writer (stored entries, CRC-32, UTF-8 names): enough for the open-data
/// download of tidy CSV files, without a compression dependency.
struct ZipArchive {
    private var data = Data()
    private var central = Data()
    private var count: UInt16 = 0

    mutating func add(_ name: String, _ content: Data) {
        let nameBytes = Data(name.utf8)
        let crc = Self.crc32(content)
        let offset = UInt32(data.count)
        var local = Data()
        local.append(le32(0x0403_4b50)); local.append(le16(20)); local.append(le16(0x0800)); local.append(le16(0))
        local.append(le16(0)); local.append(le16(0x21))  // time 00:00, date 1980-01-01
        local.append(le32(crc)); local.append(le32(UInt32(content.count))); local.append(le32(UInt32(content.count)))
        local.append(le16(UInt16(nameBytes.count))); local.append(le16(0))
        data.append(local); data.append(nameBytes); data.append(content)
        var entry = Data()
        entry.append(le32(0x0201_4b50)); entry.append(le16(20)); entry.append(le16(20)); entry.append(le16(0x0800)); entry.append(le16(0))
        entry.append(le16(0)); entry.append(le16(0x21))
        entry.append(le32(crc)); entry.append(le32(UInt32(content.count))); entry.append(le32(UInt32(content.count)))
        entry.append(le16(UInt16(nameBytes.count))); entry.append(le16(0)); entry.append(le16(0)); entry.append(le16(0));
        entry.append(le16(0))
        entry.append(le32(0)); entry.append(le32(offset))
        central.append(entry); central.append(nameBytes)
        count += 1
    }

    func finished() -> Data {
        var out = data
        let centralOffset = UInt32(out.count)
        out.append(central)
        out.append(le32(0x0605_4b50)); out.append(le16(0)); out.append(le16(0)); out.append(le16(count)); out.append(le16(count))
        out.append(le32(UInt32(central.count))); out.append(le32(centralOffset)); out.append(le16(0))
        return out
    }

    private func le16(_ v: UInt16) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }
    private func le32(_ v: UInt32) -> Data { withUnsafeBytes(of: v.littleEndian) { Data($0) } }

    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
