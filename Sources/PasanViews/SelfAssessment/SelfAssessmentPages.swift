import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/self-assessment`: the governance self-assessment of a round, nationally — each
/// principle's score as the mean of the institutions' scores, as bars — the score of every
/// respondent, the national score over the rounds, and, for those who may, the links to answer
/// and the form to open a round.
public struct SelfAssessmentPage: Sendable {
    public struct Respondent: Sendable {
        public var code: String
        public var name: String
        public var overall: Double?
        public init(code: String, name: String, overall: Double?) {
            self.code = code
            self.name = name
            self.overall = overall
        }
    }

    public var language: PasanDomain.Language
    public var questionnaire: Questionnaire
    public var rounds: [SelfAssessmentRound]
    /// The round shown, with its national section scores and its respondents.
    public var round: SelfAssessmentRound?
    public var national: [SelfAssessment.Score]
    public var respondents: [Respondent]
    /// The national overall score of every round that has one, oldest first.
    public var overTime: [(round: String, score: Double)]
    /// Respondents the signed-in user may still answer for in the round shown (code, name).
    public var mayAnswer: [(code: String, name: String)]
    public var canOpenRound: Bool
    /// Signed-in pages only (opening a round); `nil` on the public page.
    public var session: PageSession?
    /// Every shipped questionnaire (id, title), to switch between their results.
    public var questionnaires: [(id: String, title: LocalizedText)]

    public init(
        language: PasanDomain.Language,
        questionnaire: Questionnaire,
        rounds: [SelfAssessmentRound],
        round: SelfAssessmentRound?,
        national: [SelfAssessment.Score],
        respondents: [Respondent],
        overTime: [(round: String, score: Double)],
        mayAnswer: [(code: String, name: String)] = [],
        canOpenRound: Bool = false,
        session: PageSession? = nil,
        questionnaires: [(id: String, title: LocalizedText)] = []
    ) {
        self.language = language
        self.questionnaire = questionnaire
        self.rounds = rounds
        self.round = round
        self.national = national
        self.respondents = respondents
        self.overTime = overTime
        self.mayAnswer = mayAnswer
        self.canOpenRound = canOpenRound
        self.session = session
        self.questionnaires = questionnaires
    }

    public func render() -> String {
        let l = language
        let title = l.t("governance.title")
        return Layout(title: title, description: l.t("governance.intro"), path: SitePath(language: l, page: .selfAssessment)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .unwrap(session) { FormParts.messages($0.notices, errors: $0.errors) },
                .p(.text(l.t("governance.intro"))),
                .if(
                    questionnaires.count > 1,
                    .nav(
                        .class("rounds"),
                        .text(l.t("governance.questionnaires") + " "),
                        .forEach(questionnaires) { q in
                            q.id == questionnaire.id
                                ? .strong(Fragments.localized(q.title, l))
                                : .a(
                                    .href(SitePath(language: l, page: .selfAssessment).path + "?questionnaire=\(q.id)"),
                                    Fragments.localized(q.title, l)
                                )
                        }
                    )
                ),
                .h2(Fragments.localized(questionnaire.title, l)),
                SelfAssessmentParts.sourceNote(questionnaire, l),
                .if(
                    !rounds.isEmpty,
                    .nav(
                        .class("rounds"),
                        .text(l.t("governance.rounds") + " "),
                        .forEach(rounds) { r in
                            r.id == round?.id
                                ? .strong(.text(r.title + " "))
                                : .a(
                                    .href(
                                        SitePath(language: l, page: .selfAssessment).path
                                            + "?questionnaire=\(questionnaire.id)&round=\(r.id)"
                                    ),
                                    .text(r.title + " ")
                                )
                        }
                    )
                ),
                .unwrap(
                    round,
                    { round in
                        .group(
                            .h2(.text(l.t("governance.national.title", ["round": .text(round.title)]))),
                            .if(
                                respondents.isEmpty,
                                .p(.text(l.t("governance.national.none"))),
                                else: SelfAssessmentParts.scoreTable(national, questionnaire, l)
                            ),
                            .if(
                                !mayAnswer.isEmpty,
                                .ul(
                                    .class("actions"),
                                    .forEach(mayAnswer) { who in
                                        .li(
                                            .a(
                                                .href(SitePath(language: l, page: .selfAssessmentAnswer(round.id, who.code)).path),
                                                .text(l.t("governance.answerFor", ["respondent": .text(who.name)]))
                                            )
                                        )
                                    }
                                )
                            ),
                            .h2(.text(l.t("governance.respondents.title"))),
                            .if(
                                respondents.isEmpty,
                                .p(.text(l.t("governance.respondents.none"))),
                                else: .table(
                                    .thead(.tr(.th(.text(l.t("governance.respondent"))), .th(.text(l.t("governance.overall"))))),
                                    .tbody(
                                        .forEach(respondents) { r in
                                            .tr(
                                                .td(
                                                    .a(
                                                        .href(SitePath(language: l, page: .selfAssessmentResponse(round.id, r.code)).path),
                                                        .text(r.name)
                                                    )
                                                ),
                                                .td(SelfAssessmentParts.bar(r.overall, l))
                                            )
                                        }
                                    )
                                )
                            )
                        )
                    },
                    else: .p(.text(l.t("governance.noRound")))
                ),
                .if(
                    overTime.count > 1,
                    .group(
                        .h2(.text(l.t("governance.overTime.title"))),
                        .table(
                            .thead(.tr(.th(.text(l.t("governance.round"))), .th(.text(l.t("governance.overall"))))),
                            .tbody(
                                .forEach(overTime) { entry in .tr(.td(.text(entry.round)), .td(SelfAssessmentParts.bar(entry.score, l))) }
                            )
                        )
                    )
                ),
                .unwrap(session) { session in
                    .if(
                        canOpenRound,
                        .form(
                            .method(.post),
                            .action(SitePath(language: l, page: .selfAssessmentRounds).path),
                            FormParts.csrf(session.csrfToken),
                            FormParts.input([("type", "hidden"), ("name", "questionnaire"), ("value", questionnaire.id)]),
                            .h2(.text(l.t("governance.openRound.title"))),
                            FormParts.field(l.t("governance.openRound.name"), name: "title", required: true),
                            FormParts.submit(l.t("governance.openRound.submit"))
                        )
                    )
                }
            )
        )
    }
}

/// `/{lang}/self-assessment/{round}/{respondent}`: one respondent's answers in a round — each
/// principle's score, and per strategy the rating, the evidence and the plan.
public struct SelfAssessmentResponsePage: Sendable {
    public var language: PasanDomain.Language
    public var questionnaire: Questionnaire
    public var round: SelfAssessmentRound
    public var respondentName: String
    public var response: SelfAssessmentResponse

    public init(
        language: PasanDomain.Language,
        questionnaire: Questionnaire,
        round: SelfAssessmentRound,
        respondentName: String,
        response: SelfAssessmentResponse
    ) {
        self.language = language
        self.questionnaire = questionnaire
        self.round = round
        self.respondentName = respondentName
        self.response = response
    }

    public func render() -> String {
        let l = language
        let title = l.t("governance.response.title", ["respondent": .text(respondentName), "round": .text(round.title)])
        let scores = SelfAssessment.scores(response.answers, in: questionnaire)
        let answers = Dictionary(response.answers.map { ($0.item, $0) }, uniquingKeysWith: { a, _ in a })
        return Layout(
            title: title,
            description: title,
            path: SitePath(language: l, page: .selfAssessmentResponse(round.id, response.respondent))
        )
        .render(
            .div(
                .class("wrap"),
                .p(.a(.href(SitePath(language: l, page: .selfAssessment).path + "?round=\(round.id)"), .text(l.t("governance.back")))),
                .h1(.text(title)),
                .p(
                    .text(l.t("governance.response.submitted", ["who": .text(response.submittedBy)]) + " "),
                    Fragments.moment(response.submittedAt, l)
                ),
                .p(.strong(.text(l.t("governance.overall") + ": ")), SelfAssessmentParts.bar(SelfAssessment.overall(scores), l)),
                SelfAssessmentParts.scoreTable(scores, questionnaire, l),
                .forEach(questionnaire.sections) { section in
                    .section(
                        .id(section.code),
                        .h2(Fragments.localized(section.title, l)),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(l.t("governance.strategy"))),
                                    .th(.text(l.t("governance.rating"))),
                                    .th(.text(l.t("governance.evidence"))),
                                    .th(.text(l.t("governance.plan")))
                                )
                            ),
                            .tbody(
                                .forEach(section.items) { item in
                                    let answer = answers[item.code]
                                    return .tr(
                                        .td(Fragments.localized(item.text, l)),
                                        .td(.text(SelfAssessmentParts.ratingText(answer?.rating, l))),
                                        .td(
                                            .forEach(answer?.evidence ?? []) { link in
                                                .group(.a(.href(link), .attribute(named: "rel", value: "nofollow"), .text(link)), .br())
                                            }
                                        ),
                                        .td(.text(answer?.plan.isEmpty == false ? answer!.plan : "—"))
                                    )
                                }
                            )
                        )
                    )
                }
            )
        )
    }
}

/// `/{lang}/self-assessment/{round}/{respondent}/answer`: the questionnaire to fill, one
/// principle after the other: a rating (or not applicable), evidence links and a plan per strategy.
public struct SelfAssessmentFormPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var questionnaire: Questionnaire
    public var round: SelfAssessmentRound
    public var respondent: String
    public var respondentName: String
    /// The fields as last sent (after a refusal), by name.
    public var form: [String: String]
    /// What Pasan knows of the respondent for the items that name a measure (`ReadinessFacts`).
    public var facts: ReadinessFacts?

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        questionnaire: Questionnaire,
        round: SelfAssessmentRound,
        respondent: String,
        respondentName: String,
        form: [String: String] = [:],
        facts: ReadinessFacts? = nil
    ) {
        self.language = language
        self.session = session
        self.questionnaire = questionnaire
        self.round = round
        self.respondent = respondent
        self.respondentName = respondentName
        self.form = form
        self.facts = facts
    }

    public func render() -> String {
        let l = language
        let path = SitePath(language: l, page: .selfAssessmentAnswer(round.id, respondent))
        let title = l.t("governance.form.title", ["respondent": .text(respondentName), "round": .text(round.title)])
        let options =
            [("", l.t("governance.form.choose")), ("na", l.t("governance.notApplicable"))]
            + SelfAssessment.scale.map { (String($0), "\($0) — " + SelfAssessment.ratingTitle($0).text(in: l)) }
        return Layout(title: title, description: title, path: path).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.text(l.t("governance.form.intro"))),
                SelfAssessmentParts.sourceNote(questionnaire, l),
                .form(
                    .method(.post),
                    .action(path.path),
                    FormParts.csrf(session.csrfToken),
                    .forEach(questionnaire.sections) { section in
                        .fieldset(
                            .element(named: "legend", nodes: [Fragments.localized(section.title, l)]),
                            .unwrap(section.summary) { .element(named: "p", nodes: [.class("hint"), Fragments.localized($0, l)]) },
                            .forEach(section.items) { item in
                                .div(
                                    .class("item"),
                                    .element(named: "h3", nodes: [.text(item.code + " "), Fragments.localized(item.text, l)]),
                                    SelfAssessmentParts.pasanKnows(item, facts, l),
                                    FormParts.select(
                                        l.t("governance.rating"),
                                        name: "rating.\(item.code)",
                                        options: options,
                                        selected: form["rating.\(item.code)"] ?? ""
                                    ),
                                    .div(
                                        .class("field"),
                                        .label(.for("f-evidence.\(item.code)"), .text(l.t("governance.form.evidence"))),
                                        .textarea(
                                            .name("evidence.\(item.code)"),
                                            .id("f-evidence.\(item.code)"),
                                            .attribute(named: "rows", value: "2"),
                                            .text(form["evidence.\(item.code)"] ?? "")
                                        )
                                    ),
                                    FormParts.field(
                                        l.t("governance.plan"),
                                        name: "plan.\(item.code)",
                                        value: form["plan.\(item.code)"] ?? ""
                                    )
                                )
                            }
                        )
                    },
                    .p(.text(l.t("governance.form.once"))),
                    FormParts.submit(l.t("governance.form.submit"))
                )
            )
        )
    }
}

extension SelfAssessmentParts {
    /// "Pasan knows: 3 of 4 positions filled. Suggested rating: 3 (Pasan's default)" for an item
    /// with a measure, when the facts are known.
    static func pasanKnows<C>(_ item: Questionnaire.Item, _ facts: ReadinessFacts?, _ l: Lang) -> Node<C> {
        guard let measure = item.measure, let facts else { return .empty }
        let suggested = facts.suggestedRating(measure).map { " " + l.t("governance.readiness.suggested", ["rating": .number($0)]) } ?? ""
        let text = l.t("governance.readiness.pasanKnows") + " " + facts.evidence(measure).text(in: l) + suggested
        return .element(named: "p", nodes: [.attribute(named: "class", value: "pasan-knows hint"), .text(text)])
    }
}

/// What the self-assessment pages share: the score bars and table, the scale, the source.
enum SelfAssessmentParts {
    /// A score of 0…4 as a bar and its figure ("2.5 / 4"), or "no rating".
    static func bar(_ score: Double?, _ l: PasanDomain.Language) -> Node<HTML.BodyContext> {
        guard let score else { return .text(l.t("governance.noScore")) }
        let width = Int((score / Double(SelfAssessment.scale.upperBound) * 160).rounded())
        let figure = TextFormat.decimal(score, fractionDigits: 1, in: l) + " / \(SelfAssessment.scale.upperBound)"
        return .group(
            .raw(
                "<svg class=\"score-bar\" width=\"164\" height=\"14\" role=\"img\" aria-label=\"\(Escape.attribute(figure))\">"
                    + "<rect x=\"0\" y=\"2\" width=\"160\" height=\"10\" fill=\"#e5e7eb\"/>"
                    + "<rect x=\"0\" y=\"2\" width=\"\(width)\" height=\"10\" fill=\"#1f4e79\"/></svg> "
            ),
            .text(figure)
        )
    }

    static func scoreTable(
        _ scores: [SelfAssessment.Score],
        _ questionnaire: Questionnaire,
        _ l: PasanDomain.Language
    ) -> Node<HTML.BodyContext> {
        .table(
            .class("scores"),
            .thead(.tr(.th(.text(l.t("governance.principle"))), .th(.text(l.t("governance.score"))))),
            .tbody(
                .forEach(Array(zip(questionnaire.sections, scores))) { section, score in
                    .tr(.td(Fragments.localized(section.title, l)), .td(bar(score.mean, l)))
                }
            )
        )
    }

    static func ratingText(_ rating: Int?, _ l: PasanDomain.Language) -> String {
        guard let rating else { return l.t("governance.notApplicable") }
        return "\(rating) — " + SelfAssessment.ratingTitle(rating).text(in: l)
    }

    /// Where the questionnaire comes from, and that the scale is Pasan's.
    static func sourceNote(_ questionnaire: Questionnaire, _ l: PasanDomain.Language) -> Node<HTML.BodyContext> {
        .p(
            .class("hint"),
            .text(l.t("governance.source", ["source": .text(questionnaire.source.name), "version": .number(questionnaire.version)]) + " "),
            .forEach(questionnaire.source.urls.prefix(1)) { .a(.href($0), .text(l.t("governance.source.link"))) },
            .text(" " + l.t("governance.scaleNote"))
        )
    }
}
