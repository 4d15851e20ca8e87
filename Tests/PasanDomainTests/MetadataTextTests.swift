import Testing

@testable import PasanDomain

/// What of a metadata text's HTML reaches a page: paragraphs, headings, list items, bold,
/// italic, safe links and embedded raster pictures — nothing else.
@Suite struct MetadataTextTests {
    typealias T = MetadataText

    @Test func keepsTheStructureAndDecodesEntities() {
        let text = T(
            "<p><strong>Definition:</strong> The rate &amp; the <em>share</em>&#39;s&nbsp;value</p><h2>Method</h2><ul><li>one</li><li>two<br/>lines</li></ul>"
        )
        #expect(
            text.blocks == [
                .paragraph([
                    .strong([.text("Definition:")]), .text(" The rate & the "), .emphasis([.text("share")]), .text("'s\u{A0}value"),
                ]),
                .heading([.text("Method")]),
                .listItem([.text("one")]),
                .listItem([.text("two"), .lineBreak, .text("lines")]),
            ]
        )
        #expect(text.plainText == "Definition: The rate & the share's\u{A0}value\nMethod\none\ntwo\nlines")
    }

    @Test func dropsScriptsStylesHandlersAndUnsafeAddresses() {
        let text = T(
            """
            <p onclick="alert(1)">Hello<script>alert("x")</script><style>p{}</style>
            <a href="javascript:alert(1)">bad</a> <a href=' https://lsb.gov.la '>LSB</a> <a href="mailto:lstats@lsb.gov.la">mail</a>
            <img src="data:image/svg+xml;base64,PHN2Zz4=" alt="svg"><img src="https://tracker.example/x.png">
            <img src="data:image/png;base64,iVBORw0KGgo=" alt="chart"><iframe src="https://x"></iframe><!-- <b>hidden</b> --></p>
            """
        )
        #expect(
            text.blocks == [
                .paragraph([
                    .text("Hello "), .text("bad"), .text(" "), .link(url: "https://lsb.gov.la", [.text("LSB")]), .text(" "),
                    .link(url: "mailto:lstats@lsb.gov.la", [.text("mail")]), .text(" "),
                    .image(source: "data:image/png;base64,iVBORw0KGgo=", description: "chart"),
                ])
            ]
        )
        #expect(!T.isEmbeddedPicture("data:image/png;base64,AAA\"onerror=alert(1)"))
    }

    @Test func forgivesBrokenMarkup() {
        // Unclosed bold runs to the end of its paragraph; a stray `<` is text; empty paragraphs vanish.
        #expect(T("<p><b>bold</p><p></p><p>a < b</p>").blocks == [.paragraph([.strong([.text("bold")])]), .paragraph([.text("a < b")])])
        #expect(T("</i>text</b>").blocks == [.paragraph([.text("text")])])
    }

    @Test func aTextFullOfAngleBracketsIsReadInOnePass() {
        // 200,000 `<a` and one `>` at the end: each `<` looks no further than the next one; the
        // last `<a>` is a link without an address (dropped), the others are text.
        let text = T(String(repeating: "<a", count: 200_000) + ">")
        #expect(text.plainText.count == 399_998)
    }

    @Test func plainTextIsAParagraphPerLine() {
        #expect(
            T("First line\n\n  Second &amp; last  ").blocks == [.paragraph([.text("First line")]), .paragraph([.text("Second & last")])]
        )
    }

    @Test func conceptsFollowTheTemplateThenTheirIds() {
        let sorted = ["ZZ_OWN", "COLL_METHOD", "SDG_GOAL", "AA_OWN", "STAT_CONC_DEF"].sorted(by: MetadataConcept.areInIncreasingOrder)
        #expect(sorted == ["SDG_GOAL", "STAT_CONC_DEF", "COLL_METHOD", "AA_OWN", "ZZ_OWN"])
        #expect(MetadataConcept.concept("IND_DEF_CON_CLASS")?.isSection == true)
        #expect(MetadataConcept.concept("STAT_CONC_DEF")?.isSection == false)
        #expect(MetadataConcept.all.count == 43)
    }
}
