import Testing

@testable import PasanDomain

/// The kinds of reviewed text as PO contexts and as readers see their keys.
@Suite struct TranslatableKindTests {
    @Test func everyKindRoundTripsThroughItsPOContext() {
        let keys: [TranslatableKind: String] = [
            .interface: "translations.queue.title", .goal: "18", .target: "18.1", .indicator: "18.1.1",
            .series: "_L_LA_180101_00@18.1.1", .institution: "MOH", .codeLabel: "SEX@F",
        ]
        #expect(Set(keys.keys) == Set(TranslatableKind.allCases))
        for (kind, key) in keys {
            let context = kind.context(for: key)
            #expect(TranslatableKind.parse(context: context)! == (kind, key), "\(context)")
        }
        #expect(TranslatableKind.codeLabel.context(for: "SEX@F") == "code:SEX@F")
        #expect(TranslatableKind.parse(context: "code:CUST_BREAKDOWN@A@B")! == (.codeLabel, "CUST_BREAKDOWN@A@B"))
        #expect(TranslatableKind.parse(context: "code:") == nil)
        #expect(TranslatableKind.parse(context: "interface:x") == nil)
    }

    @Test func aCodeLabelShowsItsCodeListAndCode() {
        #expect(TranslatableKind.codeLabel.displayKey("SEX@F") == "SEX \u{00B7} F")
        #expect(TranslatableKind.codeLabel.displayKey("CUST_BREAKDOWN@A@B") == "CUST_BREAKDOWN \u{00B7} A@B")
        #expect(TranslatableKind.series.displayKey("_L_LA_180101_00@18.1.1") == "_L_LA_180101_00@18.1.1")
        #expect(TranslatableKind.indicator.displayKey("18.1.1") == "18.1.1")
    }
}
