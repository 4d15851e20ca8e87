import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanMessages
import PasanStorage

/// What `pasan import …` commands share: who the batch is recorded for, and how problems and a
/// batch's preview are printed (per goal and indicator: added, changed, unchanged, conflicts,
/// refused with the reason).

/// The account named by `--as` (which must be allowed to import data), or the command line.
func importActor(_ email: String?, db: Database, language l: Language) async throws -> ChangeContext {
    guard let email else { return .commandLine }
    guard let account = try await AccountRepository(database: db).account(email: email) else {
        throw ValidationError(l.t("translations.cli.noAccount", ["email": .text(email)]))
    }
    guard Policy.decide(account.actor, .importData, .system).isAllowed else {
        throw ValidationError(l.t("exchange.cli.notImporter", ["email": .text(email)]))
    }
    return ChangeContext(actorID: account.id, actorName: account.email, address: nil)
}

/// `file:line: location: found — expected`, one problem a line, at most 200.
func printProblems(_ problems: [ExchangeProblem], language l: Language) {
    for problem in problems.prefix(200) {
        FileHandle.standardError.write(Data((describe(problem, language: l) + "\n").utf8))
    }
    if problems.count > 200 {
        FileHandle.standardError.write(Data((l.t("exchange.cli.moreProblems", count: problems.count - 200) + "\n").utf8))
    }
    FileHandle.standardError.write(Data((l.t("exchange.cli.nothingWritten", count: problems.count) + "\n").utf8))
}

func describe(_ problem: ExchangeProblem, language l: Language) -> String {
    var place = problem.file
    if let line = problem.line { place += ":\(line)" }
    if let location = problem.location { place += ": \(location)" }
    let found = problem.found.map { l.t("exchange.cli.found", ["value": .text($0)]) + " — " } ?? ""
    return "\(place): \(found)\(l.t("exchange.cli.expected", ["expected": .message(problem.expected)]))"
}

func describe(_ refusal: ImportRefusal, language l: Language) -> String {
    describe(
        ExchangeProblem(
            file: refusal.file,
            line: refusal.line,
            location: refusal.location,
            found: refusal.found,
            expected: refusal.expected
        ),
        language: l
    )
}

/// The preview, goal by goal: one line per indicator with its counts, then its conflicts and
/// refused rows with the reason.
func printPreview(_ preview: ImportPreview, language l: Language) {
    var goal = ""
    for indicator in preview.indicators {
        let thisGoal = String(indicator.indicator.split(separator: ".").first ?? "")
        if thisGoal != goal {
            goal = thisGoal
            say(l.t("exchange.cli.goal", ["goal": .text(goal)]))
        }
        say(
            "  "
                + l.t(
                    "exchange.cli.indicatorLine",
                    [
                        "indicator": .text(indicator.indicator), "added": .number(indicator.added.count),
                        "changed": .number(indicator.changed.count), "unchanged": .number(indicator.unchanged.count),
                        "conflicts": .number(indicator.conflicts.count), "refused": .number(indicator.refused.count),
                    ]
                )
        )
        if indicator.metadata.total > 0 {
            say(
                "    "
                    + l.t(
                        "exchange.cli.metadataLine",
                        [
                            "added": .number(indicator.metadata.added), "changed": .number(indicator.metadata.changed),
                            "unchanged": .number(indicator.metadata.unchanged),
                        ]
                    )
            )
        }
        for conflict in indicator.conflicts.prefix(20) {
            say("    " + l.t("exchange.cli.conflict", ["value": .text(describe(conflict))]))
        }
        for refusal in indicator.refused.prefix(20) { say("    " + describe(refusal, language: l)) }
    }
    for refusal in preview.refusedWithoutIndicator.prefix(50) { say("  " + describe(refusal, language: l)) }
    if !preview.nationalSeries.isEmpty {
        say(l.t("exchange.cli.nationalSeries", ["series": .text(preview.nationalSeries.map(\.code).joined(separator: ", "))]))
    }
}

func describe(_ value: ClassifiedValue) -> String {
    let o = value.staged.observation
    var text = "\(o.series) \(o.area) \(o.period)"
    if !o.dimensionKey.isEmpty { text += " [\(o.dimensionKey)]" }
    text += ": \(ObservationRules.format(o.value))"
    if case .conflict(let published, let dataset, _) = value.change {
        text += " ≠ \(ObservationRules.format(published)) (\(dataset))"
    }
    return text
}

/// The closing line: what the batch holds and what happens next.
func report(preview: ImportPreview, publication: ImportPublication?, dryRun: Bool, language l: Language, seconds: Double) {
    let counts: [String: MessageArgument] = [
        "added": .number(preview.indicators.reduce(0) { $0 + $1.added.count }),
        "changed": .number(preview.indicators.reduce(0) { $0 + $1.changed.count }),
        "conflicts": .number(preview.indicators.reduce(0) { $0 + $1.conflicts.count }),
        "refused": .number(preview.indicators.reduce(0) { $0 + $1.refused.count } + preview.refusedWithoutIndicator.count),
        "batch": .number(Int(preview.batch.id)),
        "seconds": .text(String(format: "%.2f", seconds)),
    ]
    let metadata = preview.metadata
    if metadata.total > 0 {
        say(
            l.t(
                "exchange.cli.metadataTotal",
                ["added": .number(metadata.added), "changed": .number(metadata.changed), "unchanged": .number(metadata.unchanged)]
            )
        )
    }
    if dryRun {
        say(l.t("exchange.cli.dryRun", counts))
    } else if let publication {
        say(
            l.t(
                "exchange.cli.published",
                counts.merging(["written": .number(publication.added + publication.changed)]) { a, _ in a }
            )
        )
    } else {
        say(l.t("exchange.cli.staged", counts))
    }
}
