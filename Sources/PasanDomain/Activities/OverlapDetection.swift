/// Finds overlaps between activities (issue 14, `docs/villages.md`): two activities overlap
/// when their implementers differ, they share a served SDG target or a DAC 3-digit sector,
/// their periods intersect (an open end runs on), neither is cancelled, and they meet in a
/// village (both confirmed there) or in a district where one of them is known only at district
/// level (a confirmed district place and no confirmed village of that district). Province-only
/// places are too coarse (Pasan's default). Candidates are found by grouping activities by
/// place, never by comparing every pair.
public enum OverlapDetection {
    /// What detection needs to know of an activity (storage loads only this).
    public struct Item: Sendable, Hashable {
        public var identifier: String
        /// `ActivityOrganisation.key` of the implementer.
        public var implementerKey: String
        public var isCancelled: Bool
        public var start: LocalDate?
        public var end: LocalDate?
        /// Confirmed village codes.
        public var villages: [String]
        /// Confirmed district codes.
        public var districts: [String]
        /// Served SDG targets.
        public var targets: [String]
        /// DAC 3-digit sectors.
        public var sectors: [String]

        public init(
            identifier: String,
            implementerKey: String,
            isCancelled: Bool,
            start: LocalDate?,
            end: LocalDate?,
            villages: [String],
            districts: [String],
            targets: [String],
            sectors: [String]
        ) {
            self.identifier = identifier
            self.implementerKey = implementerKey
            self.isCancelled = isCancelled
            self.start = start
            self.end = end
            self.villages = villages
            self.districts = districts
            self.targets = targets
            self.sectors = sectors
        }

        /// The detection view of an activity: its confirmed places, served targets, sectors.
        public init(_ activity: Activity) {
            let confirmed = activity.confirmedLocations
            self.init(
                identifier: activity.identifier,
                implementerKey: activity.implementer.key,
                isCancelled: activity.status == .cancelled,
                start: activity.start,
                end: activity.end,
                villages: confirmed.filter { $0.level == .village }.map(\.areaCode),
                districts: confirmed.filter { $0.level == .district }.map(\.areaCode),
                targets: Array(activity.servedTargets),
                sectors: Array(activity.sectorCategories)
            )
        }
    }

    /// Every overlap among `activities`, ordered by (first, second).
    public static func detect(_ activities: [Activity]) -> [ActivityOverlap] {
        detect(items: activities.map(Item.init))
    }

    /// Every overlap among `items`, ordered by (first, second).
    public static func detect(items input: [Item]) -> [ActivityOverlap] {
        let items = input.filter { !$0.isCancelled }.sorted { $0.identifier < $1.identifier }
        let count = items.count
        guard count > 1 else { return [] }

        // Interned features: implementer, targets and sectors as small sorted integer lists.
        var keyIDs: [String: Int32] = [:]
        var featureIDs: [String: Int32] = [:]
        var implementer = [Int32](repeating: 0, count: count)
        var features = [[Int32]](repeating: [], count: count)
        var starts = [Int32](repeating: Int32.min, count: count)
        var ends = [Int32](repeating: Int32.max, count: count)
        var byVillage: [String: [Int32]] = [:]
        // District → activities known there only at district level, and activities present at all.
        var districtOnly: [String: [Int32]] = [:]
        var present: [String: [Int32]] = [:]

        for (index, item) in items.enumerated() {
            let i = Int32(index)
            implementer[index] = intern(item.implementerKey, &keyIDs)
            var list: [Int32] = []
            for target in Set(item.targets) { list.append(intern("t:" + target, &featureIDs)) }
            for sector in Set(item.sectors) { list.append(intern("s:" + sector, &featureIDs)) }
            features[index] = list.sorted()
            if let start = item.start { starts[index] = dayNumber(start) }
            if let end = item.end { ends[index] = dayNumber(end) }
            var villageDistricts: Set<String> = []
            for village in Set(item.villages) {
                byVillage[village, default: []].append(i)
                villageDistricts.insert(String(village.prefix(4)))
            }
            for district in villageDistricts { present[district, default: []].append(i) }
            for district in Set(item.districts) where !villageDistricts.contains(district) {
                districtOnly[district, default: []].append(i)
                present[district, default: []].append(i)
            }
        }

        // Pair (low, high) → the places they meet. The checks are a few integer comparisons, so
        // a pair met in several places is checked again rather than remembered as refused.
        var met: [Int64: [OverlapPlace]] = [:]

        func consider(_ a: Int32, _ b: Int32, _ place: OverlapPlace) {
            if a == b { return }
            let (low, high) = a < b ? (a, b) : (b, a)
            let x = Int(low)
            let y = Int(high)
            guard implementer[x] != implementer[y], starts[x] <= ends[y], starts[y] <= ends[x], sharesAny(features[x], features[y])
            else { return }
            met[Int64(low) << 32 | Int64(high), default: []].append(place)
        }

        for (village, members) in byVillage where members.count > 1 {
            let place = OverlapPlace(areaCode: village, level: .village)
            for p in 0..<members.count {
                for q in (p + 1)..<members.count { consider(members[p], members[q], place) }
            }
        }
        for (district, onlyHere) in districtOnly {
            guard let everyone = present[district], everyone.count > 1 else { continue }
            let place = OverlapPlace(areaCode: district, level: .district)
            let onlySet = Set(onlyHere)
            for a in onlyHere {
                for b in everyone where b != a {
                    // A pair of two district-level activities is met once (from the lower one).
                    if onlySet.contains(b) && b < a { continue }
                    consider(a, b, place)
                }
            }
        }

        var overlaps: [ActivityOverlap] = []
        overlaps.reserveCapacity(met.count)
        for (key, places) in met {
            let x = Int(key >> 32)
            let y = Int(key & 0xFFFF_FFFF)
            let a = items[x]
            let b = items[y]
            let sharedTargets = Set(a.targets).intersection(b.targets).sorted(by: targetOrder)
            let sharedSectors = Set(a.sectors).intersection(b.sectors).sorted()
            overlaps.append(
                ActivityOverlap(
                    first: a.identifier,
                    second: b.identifier,
                    firstImplementer: a.implementerKey,
                    secondImplementer: b.implementerKey,
                    places: places.sorted(by: placeOrder),
                    sharedTargets: sharedTargets,
                    sharedSectors: sharedSectors,
                    periodStart: later(a.start, b.start),
                    periodEnd: earlier(a.end, b.end)
                )
            )
        }
        overlaps.sort { ($0.first, $0.second) < ($1.first, $1.second) }
        return overlaps
    }

    /// Villages first, then districts; each by code.
    public static func placeOrder(_ a: OverlapPlace, _ b: OverlapPlace) -> Bool {
        if a.level != b.level { return a.level == .village }
        return a.areaCode < b.areaCode
    }

    /// SDG targets in numeric order (`3.2` before `3.10`, `3.a` after the numbers).
    public static func targetOrder(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: ".")
        let y = b.split(separator: ".")
        for (p, q) in zip(x, y) where p != q {
            switch (Int(p), Int(q)) {
            case (let m?, let n?): return m < n
            case (.some, nil): return true
            case (nil, .some): return false
            default: return p < q
            }
        }
        return x.count < y.count
    }

    private static func intern(_ text: String, _ table: inout [String: Int32]) -> Int32 {
        if let id = table[text] { return id }
        let id = Int32(table.count)
        table[text] = id
        return id
    }

    private static func sharesAny(_ a: [Int32], _ b: [Int32]) -> Bool {
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { return true }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    private static func dayNumber(_ date: LocalDate) -> Int32 {
        Int32(date.year * 400 + date.month * 32 + date.day)
    }

    private static func later(_ a: LocalDate?, _ b: LocalDate?) -> LocalDate? {
        guard let a else { return b }
        guard let b else { return a }
        return max(a, b)
    }

    private static func earlier(_ a: LocalDate?, _ b: LocalDate?) -> LocalDate? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }
}
