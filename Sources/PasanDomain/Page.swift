/// A page of a long list, for the API.
public struct PageRequest: Sendable, Hashable {
    public static let defaultLimit = 100
    public static let maximumLimit = 1000
    /// Pages of published values (an indicator may hold a million): Pasan's defaults.
    public static let defaultDataLimit = 1000
    public static let maximumDataLimit = 10_000

    public var limit: Int
    public var offset: Int

    /// Clamps what a client asked for to sensible bounds.
    public init(limit: Int?, offset: Int?, defaultLimit: Int = Self.defaultLimit, maximumLimit: Int = Self.maximumLimit) {
        self.limit = min(max(limit ?? defaultLimit, 1), maximumLimit)
        self.offset = max(offset ?? 0, 0)
    }
}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var request: PageRequest

    public init(items: [Item], total: Int, request: PageRequest) {
        self.items = items
        self.total = total
        self.request = request
    }

    public var hasMore: Bool { request.offset + items.count < total }
}
