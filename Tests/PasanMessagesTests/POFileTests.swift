import Foundation
import PasanDomain
import Testing

@testable import PasanMessages

@Suite struct POFileTests {
    let header = """
        msgid ""
        msgstr ""
        "Language: lo\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: nplurals=1; plural=0;\\n"

        """

    @Test func readsContextsPluralsFlagsAndContinuations() throws {
        let po = try POFile.parse(
            header + """
                #. shown on the home page
                #, fuzzy
                msgctxt "home.title"
                msgid "Goals"
                msgstr "ເປົ້າ"
                "ໝາຍ"

                msgctxt "search.results"
                msgid "{count} result"
                msgid_plural "{count} results"
                msgstr[0] "ພົບ {count} ລາຍການ"
                """,
            file: "x.po"
        )
        #expect(po.headerValue("language") == "lo")
        #expect(po.pluralCount == 1)
        #expect(po.entries.count == 2)
        #expect(po.entries[0].context == "home.title")
        #expect(po.entries[0].msgstr == ["ເປົ້າໝາຍ"])
        #expect(po.entries[0].isFuzzy)
        #expect(po.entries[0].extractedComments == ["shown on the home page"])
        #expect(po.entries[0].line == 8)
        #expect(po.entries[1].msgidPlural == "{count} results")
        #expect(!po.entries[1].isFuzzy)
    }

    @Test func writesWhatItReads() throws {
        let entries = [
            POEntry(context: "a.b", msgid: "Say \"hi\"\nthen go", msgstr: ["ກ\\ຂ"], flags: ["fuzzy"], extractedComments: ["note"]),
            POEntry(context: "c", msgid: "{count} day", msgidPlural: "{count} days", msgstr: ["{count} ມື້"]),
        ]
        let po = POFile(header: [("Language", "lo"), ("Plural-Forms", "nplurals=1; plural=0;")], entries: entries)
        let again = try POFile.parse(po.serialized(), file: "x.po")
        #expect(again.entries.map(\.msgid) == entries.map(\.msgid))
        #expect(again.entries.map(\.msgstr) == entries.map(\.msgstr))
        #expect(again.entries.map(\.flags) == entries.map(\.flags))
        #expect(again.serialized() == po.serialized())
    }

    @Test func refusesBrokenFilesWithTheLineOfEachProblem() {
        let text =
            header + """
                msgctxt "a"
                msgid "{count} file"
                msgid_plural "{count} files"
                msgstr[0] "{count} ໄຟລ໌"
                msgstr[1] "{count} ໄຟລ໌"

                msgctxt "b"
                msgid "Hello {name}"
                msgstr "ສະບາຍດີ"

                #, c-format
                msgctxt "c"
                msgid "Due %d"
                msgstr "ກຳນົດ %d %s"

                msgctxt "d"
                msgid "Plain"
                msgstr "<script>x</script>"

                msgctxt "e"
                msgid "Broken
                msgstr "x"
                """
        #expect(throws: POProblems.self) { try POFile.parse(text, file: "x.po") }
        do {
            _ = try POFile.parse(text, file: "x.po")
        } catch {
            let found = error.problems.map { "\($0.line) \($0.message.key)" }
            #expect(found.contains("6 po.problem.pluralCount"))
            #expect(found.contains("12 po.problem.placeholderMissing"))
            #expect(found.contains("17 po.problem.placeholderAdded"))
            #expect(found.contains("21 po.problem.markup"))
            #expect(found.contains("26 po.problem.quote"))
            #expect(error.problems.allSatisfy { $0.file == "x.po" })
        }
    }

    @Test func refusesInvalidUTF8NamingTheLine() {
        var data = Data((header + "msgctxt \"a\"\nmsgid \"x\"\n").utf8)
        data += Data([0x6D, 0x73, 0x67, 0x73, 0x74, 0x72, 0x20, 0x22, 0xE0, 0x80, 0x22, 0x0A])
        do {
            _ = try POFile.parse(data, file: "bad.po")
            Issue.record("an invalid file was read")
        } catch {
            #expect(error.problems.map(\.line) == [8])
            #expect(error.problems.map(\.message.key) == ["po.problem.utf8"])
        }
    }

    @Test func refusesABrokenPluralHeader() {
        let text = header.replacingOccurrences(of: "nplurals=1; plural=0;", with: "nplurals=one") + ""
        do {
            _ = try POFile.parse(text, file: "x.po")
            Issue.record("a broken plural header was read")
        } catch {
            #expect(error.problems.map(\.message.key) == ["po.problem.pluralHeader"])
        }
    }

    @Test func placeholdersOfBothStyles() {
        #expect(Placeholders.of("{name} has %d of %2$s, 100%% done, {}") == ["%2$s", "%d", "{name}"])
        #expect(Placeholders.of("50 % of {name}", printf: false) == ["{name}"])
        #expect(Placeholders.hasMarkup("a <b>bold</b>"))
        #expect(Placeholders.hasMarkup("a &amp; b"))
        #expect(!Placeholders.hasMarkup("1 < 2 & 3 > 2"))
    }
}
