import Testing

@testable import PasanDomain

@Suite struct FrameworkCodeTests {
    @Test(arguments: [
        ("1.1", "1.a", true), ("1.5", "1.a", true), ("3.1.2", "3.1.10", true), ("17.19", "17.2", false),
        ("4.5.1", "4.5.1.a", true), ("9.1", "10.1", true), ("3.1.2", "3.1.2", false),
    ])
    func ordering(lhs: String, rhs: String, expected: Bool) {
        #expect(FrameworkCode.areInIncreasingOrder(lhs, rhs) == expected)
    }

    @Test func codeParts() {
        #expect(FrameworkCode.targetCode(of: "4.5.1.a") == "4.5")
        #expect(FrameworkCode.goalNumber(of: "18.1.1") == 18)
        #expect(FrameworkCode.isIndicatorCode("3.1.2"))
        #expect(!FrameworkCode.isIndicatorCode("3.1"))
        #expect(!FrameworkCode.isIndicatorCode("x.1.2"))
    }
}

@Suite struct SearchTextTests {
    @Test func laoVariantsFoldTogether() {
        #expect(SearchText.normalise("ໜອງບົກ") == SearchText.normalise("ຫນອງບົກ"))
        #expect(SearchText.normalise("ຖະແຫຼງ") == SearchText.normalise("ຖະແຫລງ"))
        #expect(SearchText.normalise("ສຳ ລັບ") == SearchText.normalise("ສໍາລັບ"))
        #expect(SearchText.normalise("໒໐໓໐") == "2030")
        #expect(SearchText.normalise("Maternal\u{200B} Mortality") == "maternalmortality")
    }

    @Test func searchFindsCodesFirstAndLaoSubstrings() {
        let goals = [
            Goal(
                number: 3,
                shortTitle: .init(en: "Health", lo: "ສຸຂະພາບ", loStatus: .machine),
                title: .init(en: "Good health", lo: "ສຸຂະພາບດີ", loStatus: .machine),
                colour: "#4C9F38",
                isNational: false
            )
        ]
        let targets = [
            Target(
                code: "3.1",
                goal: 3,
                title: .init(en: "Reduce maternal mortality", lo: "ຫຼຸດຜ່ອນອັດຕາການຕາຍ", loStatus: .machine),
                isNational: false
            )
        ]
        let indicators = [
            Indicator(
                code: "3.1.2",
                goal: 3,
                target: "3.1",
                title: .init(
                    en: "Births attended by skilled health personnel",
                    lo: "ອັດຕາສ່ວນການເກີດລູກທີ່ມີພະນັກງານສາທາລະນະສຸກ",
                    loStatus: .machine
                ),
                scope: .global
            ),
            Indicator(
                code: "3.1.1",
                goal: 3,
                target: "3.1",
                title: .init(en: "Maternal mortality ratio 3.1.2", lo: nil, loStatus: .machine),
                scope: .global
            ),
        ]
        let search = FrameworkSearch(goals: goals, targets: targets, indicators: indicators)
        #expect(search.search("3.1.2").first?.code == "3.1.2")
        #expect(search.search("3.1").map(\.code).prefix(3) == ["3.1", "3.1.1", "3.1.2"])
        // A phrase from the middle of a Lao word run, with a spurious space typed in.
        #expect(search.search("ເກີດລູກ ທີ່ມີ").map(\.code) == ["3.1.2"])
        #expect(search.search("SKILLED health").map(\.code) == ["3.1.2"])
        #expect(search.search("   ").isEmpty)
        #expect(search.search("zzzz").isEmpty)
    }
}

@Suite struct DomainValueTests {
    @Test func localDates() {
        #expect(LocalDate(iso: "2025-03-20")?.description == "2025-03-20")
        #expect(LocalDate(iso: "2025-02-30") == nil)
        #expect(LocalDate(iso: "2024-02-29") != nil)
        #expect(LocalDate(iso: "20250320") == nil)
    }

    @Test func localizedTextFallsBackToEnglish() {
        let text = LocalizedText(en: "Hello", lo: "  ", loStatus: .machine)
        #expect(text.lo == nil)
        #expect(text.text(in: .lo) == "Hello")
        #expect(text.isFallback(in: .lo))
        #expect(!text.needsNotice(in: .en))
    }

    @Test func tiers() {
        #expect(Tier(unWording: "Tier I") == .tier1)
        #expect(Tier(unWording: "Tier II") == .tier2)
        #expect(Tier(unWording: "Tier I/II") == .multiple)
        #expect(Tier(unWording: "") == nil)
    }

    @Test func goalTextContrast() {
        #expect(GoalColours.prefersDarkText(on: "#FCC30B"))  // Goal 7 yellow
        #expect(!GoalColours.prefersDarkText(on: "#19486A"))  // Goal 17 navy
        #expect(!GoalColours.prefersDarkText(on: GoalColours.nationalGoal18))
    }

    @Test(arguments: Array(1...18))
    func everyGoalTileReachesAA(goal: Int) throws {
        let official = GoalColours.colour(for: goal)
        let background = GoalColours.readableBackground(official)
        let text = GoalColours.prefersDarkText(on: official) ? "#1A1A1A" : "#FFFFFF"
        #expect(try #require(GoalColours.contrastRatio(background, text)) >= 4.5)
        // Adjusted only as far as needed: a colour that already passes is kept as it is.
        if try #require(GoalColours.contrastRatio(official, text)) >= 4.5 { #expect(background == official) }
    }

    @Test func contrastRatioMatchesWCAGExamples() throws {
        #expect(abs(try #require(GoalColours.contrastRatio("#000000", "#FFFFFF")) - 21) < 1e-9)
        #expect(abs(try #require(GoalColours.contrastRatio("#777777", "#FFFFFF")) - 4.48) < 0.01)
        #expect(GoalColours.contrastRatio("#12345", "#FFFFFF") == nil)
    }

    @Test func pageRequestIsClamped() {
        #expect(PageRequest(limit: 0, offset: -5) == PageRequest(limit: 1, offset: 0))
        #expect(PageRequest(limit: 1_000_000, offset: nil).limit == PageRequest.maximumLimit)
    }
}

@Suite struct LaoSubstringTests {
    @Test func queriesStartingWithACombiningVowelMatch() {
        let indicators = [
            Indicator(
                code: "1.1.1",
                goal: 1,
                target: "1.1",
                title: .init(en: "x", lo: "ອັດຕາສ່ວນທີ່ເຂົ້າຮຽນ", loStatus: .machine),
                scope: .global
            )
        ]
        let search = FrameworkSearch(goals: [], targets: [], indicators: indicators)
        #expect(search.search("ີ່ເຂົ້າ").map(\.code) == ["1.1.1"])
        #expect(search.search("ເຂົ້າຮຽນ").map(\.code) == ["1.1.1"])
    }
}
