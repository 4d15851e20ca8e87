/// What a capacity event is: a training, a training of trainers (who then train others), or a
/// peer exchange between institutions (one learning from another's practice).
public enum CapacityEventKind: String, Sendable, Codable, CaseIterable, Hashable {
    case training
    case trainingOfTrainers = "training-of-trainers"
    case peerExchange = "peer-exchange"

    public var title: Message {
        switch self {
        case .training: Message("domain.capacity.kind.training")
        case .trainingOfTrainers: Message("domain.capacity.kind.trainingOfTrainers")
        case .peerExchange: Message("domain.capacity.kind.peerExchange")
        }
    }
}

/// A training, a training of trainers or a peer exchange (issue 17, item 3): what, when, where,
/// who taught, which institutions took part, the materials, and the people who took part — by
/// their accounts, so the record follows each person through handovers.
public struct CapacityEvent: Sendable, Hashable, Codable, Identifiable {
    public struct Participant: Sendable, Hashable, Codable {
        public var userID: Int64
        public var name: String
        /// The institution the person took part for (their focal point institution that day).
        public var institution: String

        public init(userID: Int64, name: String, institution: String) {
            self.userID = userID
            self.name = name
            self.institution = institution
        }
    }

    public var id: Int64?
    public var kind: CapacityEventKind
    public var title: LocalizedText
    /// The topic in a few words ("SDMX for focal points", "metadata in Lao").
    public var topic: String
    public var startsOn: LocalDate
    /// The last day (inclusive); the first day when not given.
    public var endsOn: LocalDate?
    public var place: String
    /// Who organised it (an institution's code).
    public var organiser: String
    /// The trainers or, for a peer exchange, the hosts (names as written).
    public var trainers: [String]
    /// For a peer exchange: the institutions taking part (at least two).
    public var institutions: [String]
    /// Web addresses of the materials (slides, handouts, recordings).
    public var materials: [String]
    public var participants: [Participant]

    public init(
        id: Int64? = nil,
        kind: CapacityEventKind,
        title: LocalizedText,
        topic: String,
        startsOn: LocalDate,
        endsOn: LocalDate? = nil,
        place: String,
        organiser: String,
        trainers: [String] = [],
        institutions: [String] = [],
        materials: [String] = [],
        participants: [Participant] = []
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.topic = topic.trimmingSpaces
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.place = place.trimmingSpaces
        self.organiser = organiser.trimmingSpaces
        self.trainers = trainers.map(\.trimmingSpaces).filter { !$0.isEmpty }
        self.institutions = Array(Set(institutions.map(\.trimmingSpaces).filter { !$0.isEmpty })).sorted()
        self.materials = materials.map(\.trimmingSpaces).filter { !$0.isEmpty }
        self.participants = participants
    }

    /// What is wrong with the record: missing fields, the last day before the first, materials
    /// that are not web addresses, a peer exchange with fewer than two institutions, a person
    /// listed twice, a training without anyone taking part.
    public var problems: [Message] {
        var problems: [Message] = []
        if title.en.trimmingSpaces.isEmpty { problems.append(Message("domain.capacity.problem.title")) }
        if topic.isEmpty { problems.append(Message("domain.capacity.problem.topic")) }
        if place.isEmpty { problems.append(Message("domain.capacity.problem.place")) }
        if organiser.isEmpty { problems.append(Message("domain.capacity.problem.organiser")) }
        if let endsOn, endsOn < startsOn {
            problems.append(
                Message("domain.capacity.problem.endsBeforeStart", ["start": .date(startsOn), "end": .date(endsOn)])
            )
        }
        for link in materials where !SelfAssessment.isWebAddress(link) {
            problems.append(Message("domain.capacity.problem.material", ["value": .text(link)]))
        }
        if kind == .peerExchange, institutions.count < 2 { problems.append(Message("domain.capacity.problem.peerInstitutions")) }
        if kind != .peerExchange, trainers.isEmpty { problems.append(Message("domain.capacity.problem.trainers")) }
        if participants.isEmpty { problems.append(Message("domain.capacity.problem.noParticipant")) }
        var seen: Set<Int64> = []
        for p in participants where !seen.insert(p.userID).inserted {
            problems.append(Message("domain.capacity.problem.twice", ["name": .text(p.name)]))
        }
        return problems
    }
}

/// A person's record (issue 17, item 3): the focal point terms they held, wherever, and every
/// capacity event they took part in — kept by person, so it goes with them through handovers.
public struct CapacityRecord: Sendable, Hashable {
    public var userID: Int64
    public var name: String
    /// Their focal point terms, the latest first.
    public var terms: [FocalPointTerm]
    /// The events they took part in, the latest first.
    public var events: [CapacityEvent]

    public init(userID: Int64, name: String, terms: [FocalPointTerm], events: [CapacityEvent]) {
        self.userID = userID
        self.name = name
        self.terms = terms.sorted { ($0.startedOn, $0.institution) > ($1.startedOn, $1.institution) }
        self.events = events.sorted { ($0.startsOn, $0.id ?? 0) > ($1.startsOn, $1.id ?? 0) }
    }

    /// Days of events by kind (a day counted once per event).
    public var days: [CapacityEventKind: Int] {
        var days: [CapacityEventKind: Int] = [:]
        for e in events { days[e.kind, default: 0] += (e.endsOn.map { e.startsOn.days(until: $0) } ?? 0) + 1 }
        return days
    }
}
