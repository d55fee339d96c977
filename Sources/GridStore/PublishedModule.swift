public import GridCore

/// A module as published: its hash and who published it first.
public struct PublishedModule: Sendable, Hashable {
    /// The module's SHA-256.
    public var hash: ContentHash
    /// The account that first published it, paid the developer's share of every charge for
    /// running it; nil when none is on record (modules stored before publishers were kept).
    public var publisher: AccountID?

    /// A published module.
    public init(hash: ContentHash, publisher: AccountID?) {
        self.hash = hash
        self.publisher = publisher
    }
}
