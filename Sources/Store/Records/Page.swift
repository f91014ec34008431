/// One page of a listing and the number of matches across all pages.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page, in listing order.
    public let items: [Item]
    /// How many items match the filter in total.
    public let total: Int
}

extension Page: Equatable where Item: Equatable {}
