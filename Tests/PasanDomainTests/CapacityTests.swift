import Testing

@testable import PasanDomain

/// Capacity and individual recognition (issue 17, item 3): a training's refusals, a person's
/// record, and who is recognised in a closed cycle.
@Suite struct CapacityTests {
    static func date(_ y: Int, _ m: Int, _ d: Int) -> LocalDate { LocalDate(year: y, month: m, day: d)! }
    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: nil, loStatus: .machine) }
    static let alice = CapacityEvent.Participant(userID: 1, name: "Alice", institution: "MOH")

    static func training(_ change: (inout CapacityEvent) -> Void = { _ in }) -> CapacityEvent {
        var event = CapacityEvent(
            kind: .training,
            title: text("SDMX for focal points"),
            topic: "SDMX",
            startsOn: date(2026, 3, 10),
            endsOn: date(2026, 3, 12),
            place: "Vientiane",
            organiser: "LSB",
            trainers: ["  Trainer  ", ""],
            materials: ["https://lsb.gov.la/sdmx.pdf"],
            participants: [alice]
        )
        change(&event)
        return event
    }

    @Test func aTrainingIsRefusedWithEveryReason() {
        #expect(Self.training().problems.isEmpty)
        #expect(Self.training().trainers == ["Trainer"])
        let wrong = Self.training {
            $0.title = Self.text(" ")
            $0.topic = ""
            $0.endsOn = Self.date(2026, 3, 9)
            $0.materials = ["lsb.gov.la/sdmx.pdf"]
            $0.trainers = []
            $0.participants = [Self.alice, Self.alice]
        }
        #expect(
            wrong.problems.map(\.key) == [
                "domain.capacity.problem.title", "domain.capacity.problem.topic", "domain.capacity.problem.endsBeforeStart",
                "domain.capacity.problem.material", "domain.capacity.problem.trainers", "domain.capacity.problem.twice",
            ]
        )
        let exchange = Self.training {
            $0.kind = .peerExchange
            $0.institutions = ["MOH"]
            $0.participants = []
        }
        #expect(exchange.problems.map(\.key) == ["domain.capacity.problem.peerInstitutions", "domain.capacity.problem.noParticipant"])
    }

    @Test func aRecordCountsDaysByKindAndListsTheLatestFirst() {
        let first = Self.training { $0.id = 1 }
        let later = Self.training {
            $0.id = 2
            $0.kind = .peerExchange
            $0.startsOn = Self.date(2026, 6, 1)
            $0.endsOn = nil
            $0.institutions = ["MOH", "MOLSW"]
        }
        let term = FocalPointTerm(
            institution: "MOH",
            role: .owner,
            position: .primary,
            userID: 1,
            userName: "Alice",
            startedOn: Self.date(2025, 1, 6),
            endedOn: nil
        )
        let record = CapacityRecord(userID: 1, name: "Alice", terms: [term], events: [first, later])
        #expect(record.events.map(\.id) == [2, 1])
        #expect(record.days == [.training: 3, .peerExchange: 1])
    }

    /// MOH's 3.1.2 by Alice: on time, complete, never returned. NRA's 18.1.1 by Bob: late, one of
    /// two years, returned once. MOH's 3.2.1 by nobody: not submitted, nobody to credit.
    @Test func onlyAPerfectRecordIsRecognised() {
        let cycle = ReportingCycle(
            id: 5,
            name: Self.text("2024 report"),
            purpose: "report",
            referenceYears: [2022, 2023],
            indicators: ["3.1.2", "3.2.1", "18.1.1"],
            schedule: CycleSchedule(
                requestDate: Self.date(2024, 3, 1),
                ownerDeadline: Self.date(2024, 4, 30),
                reporterDeadline: Self.date(2024, 5, 15),
                statisticsDeadline: Self.date(2024, 5, 31),
                approvalDeadline: Self.date(2024, 6, 15),
                publicationDate: Self.date(2024, 6, 30)
            ),
            status: .closed
        )
        let dashboard = CycleDashboard(
            cycle: cycle,
            items: [
                RequestedItem(owner: "MOH", indicator: "3.1.2", reporter: nil),
                RequestedItem(owner: "MOH", indicator: "3.2.1", reporter: nil),
                RequestedItem(owner: "NRA", indicator: "18.1.1", reporter: nil),
            ],
            submissions: [
                "MOH|3.1.2": .init(
                    indicator: "3.1.2",
                    state: .published,
                    submittedOn: Self.date(2024, 4, 25),
                    returns: 0,
                    cellsDelivered: 2,
                    revision: 1
                ),
                "NRA|18.1.1": .init(
                    indicator: "18.1.1",
                    state: .published,
                    submittedOn: Self.date(2024, 5, 6),
                    returns: 1,
                    cellsDelivered: 1,
                    revision: 2
                ),
            ],
            today: Self.date(2024, 7, 1)
        )
        let recognition = IndividualRecognition(
            cycle: cycle,
            dashboard: dashboard,
            submitters: ["MOH|3.1.2": (1, "Alice"), "NRA|18.1.1": (2, "Bob")]
        )
        #expect(recognition.lines.map(\.name) == ["Alice", "Bob"])
        let alice = recognition.lines[0], bob = recognition.lines[1]
        #expect(alice.isRecognised && alice.submitted == 1 && alice.indicators == ["3.1.2"] && alice.institutions == ["MOH"])
        #expect(!bob.isRecognised && bob.submitted == 1 && bob.onTime == 0 && bob.complete == 0 && bob.uncorrected == 0)
        #expect(recognition.line(userID: 3) == nil)
    }
}
