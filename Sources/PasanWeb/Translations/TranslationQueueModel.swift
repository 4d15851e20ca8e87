import Foundation
import PasanDomain
import PasanViews

/// The query step of the queue: filters the texts, marks those with a pending proposal and
/// those that depart from the glossary, and counts the progress.
struct TranslationQueueModel {
    let texts: [TranslatableText]
    let pendingItems: Set<TranslationItem>
    let glossary: Glossary
    let progress: (byKind: [TranslatableKind: TranslationProgress], byGoal: [Int: TranslationProgress])

    init(texts: [TranslatableText], pending: [TranslationChange], glossary: Glossary) {
        self.texts = texts
        self.pendingItems = Set(pending.map(\.item))
        self.glossary = glossary
        self.progress = TranslationProgress.summary(of: texts)
    }

    func matching(_ filter: TranslationQueuePage.Filter) -> [TranslatableText] {
        let query = SearchText.normalise(filter.query)
        return texts.filter { text in
            (filter.all || text.needsReview)
                && (filter.kind == nil || text.kind == filter.kind)
                && (filter.goal == nil || text.goal == filter.goal)
                && (query.isEmpty
                    || SearchText.normalise(text.key).contains(query)
                    || SearchText.normalise(text.english).contains(query)
                    || SearchText.normalise(text.lao ?? "").contains(query))
        }
    }

    func count(_ filter: TranslationQueuePage.Filter) -> Int { matching(filter).count }

    func rows(_ filter: TranslationQueuePage.Filter, limit: Int) -> [TranslationQueuePage.Row] {
        matching(filter).dropFirst(filter.offset).prefix(limit).map { text in
            TranslationQueuePage.Row(
                text: text,
                departures: glossary.departures(english: text.englishPlural ?? text.english, lao: text.lao),
                hasPendingProposal: pendingItems.contains(text.id)
            )
        }
    }
}

extension TranslationQueuePage.Filter {
    /// The filter of the queue's query string; unknown or malformed values are ignored.
    init(query value: (String) -> String?) {
        self.init(
            kind: value("kind").flatMap(TranslatableKind.init(rawValue:)),
            goal: value("goal").flatMap { Int($0) }.flatMap { (1...18).contains($0) ? $0 : nil },
            all: value("state") == "all",
            query: String((value("q") ?? "").prefix(200)),
            offset: max(0, value("offset").flatMap { Int($0) } ?? 0)
        )
    }
}
