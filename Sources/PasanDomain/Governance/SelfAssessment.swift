/// A self-assessment questionnaire, shipped as data (`governance/<id>-v<version>.json`), never
/// as code: sections (a principle, an area of the arrangement) of items (a strategy, a question),
/// every text in English and Lao with the state of its Lao. A new wording is a new version; the
/// rounds answered on an older version keep it.
public struct Questionnaire: Sendable, Hashable, Codable {
    public struct Source: Sendable, Hashable, Codable {
        public var name: String
        public var urls: [String]
        public var note: String

        public init(name: String, urls: [String], note: String) {
            self.name = name
            self.urls = urls
            self.note = note
        }
    }

    public struct Item: Sendable, Hashable, Codable {
        public var code: String
        public var text: LocalizedText
        /// What Pasan already knows that bears on the item (`ReadinessFacts`), shown beside it
        /// with a suggested rating; `nil` for a question Pasan cannot measure.
        public var measure: ReadinessMeasure?

        public init(code: String, text: LocalizedText, measure: ReadinessMeasure? = nil) {
            self.code = code
            self.text = text
            self.measure = measure
        }
    }

    public struct Section: Sendable, Hashable, Codable {
        public var code: String
        /// The heading it belongs under (CEPA's effectiveness, accountability, inclusiveness).
        public var group: String?
        public var title: LocalizedText
        public var summary: LocalizedText?
        public var items: [Item]

        public init(code: String, group: String?, title: LocalizedText, summary: LocalizedText?, items: [Item]) {
            self.code = code
            self.group = group
            self.title = title
            self.summary = summary
            self.items = items
        }
    }

    public var id: String
    public var version: Int
    public var title: LocalizedText
    public var source: Source
    public var sections: [Section]

    public init(id: String, version: Int, title: LocalizedText, source: Source, sections: [Section]) {
        self.id = id
        self.version = version
        self.title = title
        self.source = source
        self.sections = sections
    }

    public var items: [Item] { sections.flatMap(\.items) }

    public func section(of item: String) -> Section? { sections.first { $0.items.contains { $0.code == item } } }

    /// What makes the file unusable (for the one who edits it, in English): codes given twice,
    /// a section without items, an empty text.
    public var problems: [String] {
        var problems: [String] = []
        if id.isEmpty || version < 1 { problems.append("needs an id and a version from 1") }
        var seen: Set<String> = []
        for code in sections.map(\.code) + items.map(\.code) where !seen.insert(code).inserted {
            problems.append("the code \(code) is given twice")
        }
        for section in sections where section.items.isEmpty { problems.append("the section \(section.code) has no items") }
        for text in [title] + sections.map(\.title) + items.map(\.text) where text.en.trimmingSpaces.isEmpty {
            problems.append("a text has no English")
        }
        return problems
    }
}

/// One item's answer: a rating on the scale, or not applicable (`nil`); the evidence (links to
/// documents); what the institution plans to improve it.
public struct SelfAssessmentAnswer: Sendable, Hashable, Codable {
    public var item: String
    public var rating: Int?
    public var evidence: [String]
    public var plan: String

    public init(item: String, rating: Int?, evidence: [String] = [], plan: String = "") {
        self.item = item
        self.rating = rating
        self.evidence = evidence.map(\.trimmingSpaces).filter { !$0.isEmpty }
        self.plan = plan.trimmingSpaces
    }
}

/// A round's answer of one respondent: an institution, or the Secretariat for the whole
/// arrangement (`SelfAssessment.wholeArrangement`).
public struct SelfAssessmentResponse: Sendable, Hashable, Codable {
    public var respondent: String
    public var submittedBy: String
    public var submittedAt: String
    public var answers: [SelfAssessmentAnswer]

    public init(respondent: String, submittedBy: String, submittedAt: String, answers: [SelfAssessmentAnswer]) {
        self.respondent = respondent
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
        self.answers = answers
    }
}

/// A round of a questionnaire ("2026"), which every respondent answers once.
public struct SelfAssessmentRound: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var questionnaire: String
    public var version: Int
    public var title: String
    public var openedOn: LocalDate

    public init(id: Int64, questionnaire: String, version: Int, title: String, openedOn: LocalDate) {
        self.id = id
        self.questionnaire = questionnaire
        self.version = version
        self.title = title
        self.openedOn = openedOn
    }
}

/// The rules of a self-assessment: the scale, what an answer must hold, and the scores.
public enum SelfAssessment {
    /// The respondent of the Secretariat's assessment of the whole arrangement (institution codes
    /// are capitals, so it is never one).
    public static let wholeArrangement = "arrangement"

    /// The rating scale: 0 not in place, 1 initial, 2 developing, 3 established, 4 advanced
    /// (Pasan's default; CEPA publishes no scale).
    public static let scale = 0...4

    public static func ratingTitle(_ rating: Int) -> Message {
        switch rating {
        case 0: Message("domain.selfAssessment.scale.0")
        case 1: Message("domain.selfAssessment.scale.1")
        case 2: Message("domain.selfAssessment.scale.2")
        case 3: Message("domain.selfAssessment.scale.3")
        default: Message("domain.selfAssessment.scale.4")
        }
    }

    /// What is wrong with a respondent's answers, each problem once, in the questionnaire's
    /// order: an item not answered (neither rated nor marked not applicable), a rating outside
    /// the scale, evidence that is not a web address, an item the questionnaire does not have.
    public static func problems(_ answers: [SelfAssessmentAnswer], in questionnaire: Questionnaire) -> [Message] {
        var problems: [Message] = []
        let given = Dictionary(answers.map { ($0.item, $0) }, uniquingKeysWith: { a, _ in a })
        let known = Set(questionnaire.items.map(\.code))
        for answer in answers where !known.contains(answer.item) {
            problems.append(Message("domain.selfAssessment.problem.unknownItem", ["item": .text(answer.item)]))
        }
        var unanswered: [String] = []
        for item in questionnaire.items {
            guard let answer = given[item.code] else {
                unanswered.append(item.code)
                continue
            }
            if let rating = answer.rating, !scale.contains(rating) {
                problems.append(
                    Message(
                        "domain.selfAssessment.problem.rating",
                        [
                            "item": .text(item.code), "value": .number(rating), "min": .number(scale.lowerBound),
                            "max": .number(scale.upperBound),
                        ]
                    )
                )
            }
            for link in answer.evidence where !isWebAddress(link) {
                problems.append(Message("domain.selfAssessment.problem.evidence", ["item": .text(item.code), "value": .text(link)]))
            }
        }
        if !unanswered.isEmpty {
            let shown = unanswered.prefix(5).joined(separator: ", ") + (unanswered.count > 5 ? ", …" : "")
            problems.insert(
                Message("domain.selfAssessment.problem.unanswered", ["items": .text(shown)], count: unanswered.count),
                at: 0
            )
        }
        return problems
    }

    /// An `http` or `https` address with a host name and nothing blank in it.
    public static func isWebAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard let rest = ["https://", "http://"].first(where: lower.hasPrefix).map({ lower.dropFirst($0.count) }) else { return false }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !host.isEmpty && host.contains(".") && !text.contains(where: \.isWhitespace)
            && host.allSatisfy { $0.isLetter || $0.isNumber || "-.:".contains($0) }
    }

    /// A section's score: the mean rating of its rated items (not-applicable items left out).
    public struct Score: Sendable, Hashable {
        public var section: String
        /// 0…4; `nil` when no item of the section is rated.
        public var mean: Double?
        public var rated: Int
        public var notApplicable: Int
    }

    /// The score of every section of one respondent's answers.
    public static func scores(_ answers: [SelfAssessmentAnswer], in questionnaire: Questionnaire) -> [Score] {
        let given = Dictionary(answers.map { ($0.item, $0) }, uniquingKeysWith: { a, _ in a })
        return questionnaire.sections.map { section in
            let answered = section.items.compactMap { given[$0.code] }
            let ratings = answered.compactMap(\.rating)
            return Score(
                section: section.code,
                mean: ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count),
                rated: ratings.count,
                notApplicable: answered.count - ratings.count
            )
        }
    }

    /// The mean of the section scores that have one (each section weighs the same, however
    /// many items it has); `nil` when none has.
    public static func overall(_ scores: [Score]) -> Double? {
        let means = scores.compactMap(\.mean)
        return means.isEmpty ? nil : means.reduce(0, +) / Double(means.count)
    }

    /// The national score of every section: the mean of the institutions' section scores (each
    /// institution weighs the same). The Secretariat's assessment of the whole arrangement is
    /// not an institution's and is left out.
    public static func national(_ responses: [SelfAssessmentResponse], in questionnaire: Questionnaire) -> [Score] {
        let institutions = responses.filter { $0.respondent != wholeArrangement }.map { scores($0.answers, in: questionnaire) }
        return questionnaire.sections.enumerated().map { index, section in
            let means = institutions.compactMap { $0[index].mean }
            return Score(
                section: section.code,
                mean: means.isEmpty ? nil : means.reduce(0, +) / Double(means.count),
                rated: means.count,
                notApplicable: institutions.count - means.count
            )
        }
    }
}
