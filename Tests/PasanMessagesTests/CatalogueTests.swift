import Foundation
import PasanDomain
import Testing

@testable import PasanMessages

@Suite struct CatalogueTests {
    @Test func theShippedCatalogueReadsWithoutProblems() throws {
        let catalogue = try MessageCatalogue.loadShipped()
        #expect(!catalogue.entries.isEmpty)
        #expect(MessageCatalogue.shippedFiles().count >= 1)
    }

    /// Reviewers' texts are trimmed, so a shipped text must not depend on surrounding spaces.
    @Test func noShippedTextStartsOrEndsWithSpace() throws {
        for entry in try MessageCatalogue.loadShipped().sortedEntries {
            for text in [entry.english, entry.englishPlural, entry.lao].compactMap({ $0 }) {
                #expect(text == text.trimmingSpaces, "\(entry.key): \"\(text)\"")
            }
        }
    }

    @Test func everyKeyHasLaoOrIsReported() throws {
        let missing = try MessageCatalogue.loadShipped().missingLao
        #expect(missing.isEmpty, "English is shown in place of Lao for: \(missing.joined(separator: ", "))")
    }

    @Test func looksUpPluralsPlaceholdersAndFallsBackToEnglish() {
        let catalogue = MessageCatalogue(entries: [
            .init(
                key: "n",
                component: "t",
                english: "{count} result",
                englishPlural: "{count} results",
                lao: "ພົບ {count} ລາຍການ",
                isReviewed: true
            ),
            .init(key: "hi", component: "t", english: "Hello {name}, you are {role}", lao: nil, isReviewed: false),
            .init(key: "role", component: "t", english: "a reporter", lao: "ຜູ້ລາຍງານ", isReviewed: false),
        ])
        #expect(catalogue.text(Message("n", count: 1), in: .en) == "1 result")
        #expect(catalogue.text(Message("n", count: 3), in: .en) == "3 results")
        #expect(catalogue.text(Message("n", count: 3), in: .lo) == "ພົບ 3 ລາຍການ")
        let hi = Message("hi", ["name": "Noy", "role": .message(Message("role"))])
        #expect(catalogue.text(hi, in: .lo) == "Hello Noy, you are ຜູ້ລາຍງານ")
        #expect(catalogue.text(Message("nope"), in: .lo) == "nope")
        #expect(catalogue.localized(Message("role")).loStatus == .unreviewed)
        let changed = catalogue.overlaying(["role": .init(lao: "ຜູ້ລາຍງານຂໍ້ມູນ", isReviewed: true)])
        #expect(changed.text(Message("role"), in: .lo) == "ຜູ້ລາຍງານຂໍ້ມູນ")
        #expect(changed.localized(Message("role")).loStatus == .reviewed)
    }

    @Test func theCurrentCatalogueIsBoundPerTask() {
        let mine = MessageCatalogue(entries: [.init(key: "k", component: "t", english: "E", lao: "ລ", isReviewed: true)])
        MessageCatalogue.$current.withValue(mine) {
            #expect(Language.lo.t("k") == "ລ")
        }
        #expect(Language.lo.t("k") == "k")
    }

    @Test func everyShippedFilePassesMsgfmtCheck() throws {
        guard let msgfmt = ["/usr/bin/msgfmt", "/usr/local/bin/msgfmt"].first(where: FileManager.default.isExecutableFile) else {
            // The test command installs gettext; a developer machine without it skips this check.
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("msgfmt (Debian's gettext) is missing") }
            return
        }
        for (component, url) in MessageCatalogue.shippedFiles() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: msgfmt)
            process.arguments = ["--check", "-o", "/dev/null", url.path]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            process.waitUntilExit()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "msgfmt --check refused po/\(component)/lo.po: \(text)")
        }
    }
}
