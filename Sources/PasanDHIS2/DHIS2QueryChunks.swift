/// Splits the lists of a DHIS2 query (data items, periods, organisation units) so that each
/// request's address stays within a length proxies and servlet containers accept (nginx and
/// Tomcat refuse request lines over 8 KB by default; Pasan stays well below).
enum DHIS2QueryChunks {
    /// Consecutive groups of `items` whose summed `cost` stays within `budget`; an item costing
    /// more than the budget on its own is a group of its own. Empty for no items.
    static func groups(_ items: [String], budget: Int, cost: (String) -> Int) -> [[String]] {
        var groups: [[String]] = []
        var current: [String] = []
        var used = 0
        for item in items {
            let price = cost(item)
            if !current.isEmpty, used + price > budget {
                groups.append(current)
                current = []
                used = 0
            }
            current.append(item)
            used += price
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }

    /// Every combination of the groups of three lists, each list given `free` characters in
    /// shares: the first list (the one that matters most: data items) at least two fifths, the
    /// second up to a fifth, the third up to two fifths. One combination when everything fits.
    static func combinations(
        _ lists: (first: [String], second: [String], third: [String]),
        free: Int,
        cost: (first: (String) -> Int, second: (String) -> Int, third: (String) -> Int)
    ) -> [(first: [String], second: [String], third: [String])] {
        let totals = (
            first: lists.first.reduce(0) { $0 + cost.first($1) },
            second: lists.second.reduce(0) { $0 + cost.second($1) },
            third: lists.third.reduce(0) { $0 + cost.third($1) }
        )
        let budget = max(free, 1)
        let secondBudget: Int
        let thirdBudget: Int
        if totals.first + totals.second + totals.third <= budget {
            secondBudget = totals.second
            thirdBudget = totals.third
        } else {
            secondBudget = min(totals.second, budget / 5)
            thirdBudget = min(totals.third, budget * 2 / 5)
        }
        let firstBudget = max(budget - secondBudget - thirdBudget, budget * 2 / 5)
        var result: [(first: [String], second: [String], third: [String])] = []
        for third in groups(lists.third, budget: thirdBudget, cost: cost.third) {
            for second in groups(lists.second, budget: secondBudget, cost: cost.second) {
                for first in groups(lists.first, budget: firstBudget, cost: cost.first) {
                    result.append((first, second, third))
                }
            }
        }
        return result
    }

    /// The items without repeats, in their first order.
    static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}
