import Foundation
import Hummingbird
import NIOCore
import PasanExchange

/// Helpers to answer with a page that must not be cached (private pages).
enum Pages {
    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func xlsx(_ data: Data, filename: String) -> Response {
        attachment(data, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename: filename)
    }

    static func docx(_ data: Data, filename: String) -> Response {
        attachment(data, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", filename: filename)
    }

    /// A file to save, never kept by a cache.
    static func attachment(_ data: Data, type: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(filename)\"", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(data: data))
        )
    }

    /// `table` as the file the address asks for: a workbook for `….xlsx`, CSV otherwise.
    static func download(_ table: TableDownload, for request: Request) throws -> Response {
        switch DownloadFormat(path: request.uri.path) {
        case .csv: csv(table.csv, filename: table.filename + ".csv")
        case .xlsx: xlsx(try XLSXWriter.data(table.workbook), filename: table.filename + ".xlsx")
        }
    }

    static func csv(_ text: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
