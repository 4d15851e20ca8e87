/// What a DHIS2 pull changed against the previous pull of the same instance: the cells it added,
/// the cells whose value changed (old and new), the cells it no longer brings, and how many stayed
/// as they were. A value of `nil` is a cell explicitly without a value; it differs from any
/// number. Values are compared exactly (both pulls are kept to the mapper's significant digits).
public struct DHIS2PullChanges: Sendable, Hashable {
    /// A cell and its value in one pull.
    public struct CellValue: Sendable, Hashable {
        public var key: CellKey
        public var value: Double?

        public init(key: CellKey, value: Double?) {
            self.key = key
            self.value = value
        }
    }

    /// A cell whose value differs between the two pulls.
    public struct Change: Sendable, Hashable {
        public var key: CellKey
        public var old: Double?
        public var new: Double?

        public init(key: CellKey, old: Double?, new: Double?) {
            self.key = key
            self.old = old
            self.new = new
        }
    }

    /// In this pull, not in the previous one (sorted by cell).
    public var added: [CellValue]
    /// In both, with another value (sorted by cell).
    public var changed: [Change]
    /// In the previous pull, not in this one, with the value it had (sorted by cell).
    public var removed: [CellValue]
    /// In both with the same value.
    public var unchanged: Int

    public init(previous: [CellKey: Double?], current: [CellKey: Double?]) {
        var added: [CellValue] = []
        var changed: [Change] = []
        var unchanged = 0
        for (key, value) in current {
            if let old = previous[key] {
                if old == value { unchanged += 1 } else { changed.append(Change(key: key, old: old, new: value)) }
            } else {
                added.append(CellValue(key: key, value: value))
            }
        }
        self.added = added.sorted { $0.key < $1.key }
        self.changed = changed.sorted { $0.key < $1.key }
        self.removed = previous.filter { current[$0.key] == nil }.map { CellValue(key: $0.key, value: $0.value) }
            .sorted { $0.key < $1.key }
        self.unchanged = unchanged
    }

    /// Whether this pull brought nothing new.
    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }
}
