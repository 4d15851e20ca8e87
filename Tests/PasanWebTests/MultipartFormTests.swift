import Foundation
import Testing

@testable import PasanWeb

/// Uploads are read by MultipartKit's parser: a boundary counts only at the start of a line
/// (RFC 2046), so a file may contain the boundary's text anywhere else.
@Suite struct MultipartFormTests {
    static func body(_ boundary: String, file: String) -> Data {
        Data(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntoken-1\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"values.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n").utf8
        )
    }

    @Test func readsFieldsAndFilesWhateverTheFileHolds() throws {
        let boundary = "----pasan7MA4YWxkTrZu0gW"
        let file = "SERIES,VALUE\nX,1 --\(boundary) is text here\r\nY,2\n"
        let form = try #require(
            FormData.parse(contentType: "multipart/form-data; boundary=\(boundary)", body: Self.body(boundary, file: file))
        )
        #expect(form.fields["_csrf"] == "token-1")
        #expect(form.files["file"]?.filename == "values.csv")
        #expect(form.files["file"].map { String(decoding: $0.data, as: UTF8.self) } == file)
    }

    @Test func aBrokenBodyYieldsNoFile() throws {
        let form = try #require(
            FormData.parse(
                contentType: "multipart/form-data; boundary=abc",
                body: Data("--abc\r\nContent-Disposition: form-data; name=\"file\"".utf8)
            )
        )
        #expect(form.files.isEmpty)
    }
}
