/// A page of a long list, for the API.
public struct PageRequest: Sendable, Hashable {
    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    public var limit: Int
    public var offset: Int

    /// Clamps what a client asked for to sensible bounds.
    public init(limit: Int?, offset: Int?) {
        self.limit = min(max(limit ?? Self.defaultLimit, 1), Self.maximumLimit)
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
