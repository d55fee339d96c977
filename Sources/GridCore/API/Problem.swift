/// An RFC 9457 problem document: how every API error is answered (`application/problem+json`).
public struct Problem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// A URI naming the kind of problem (`about:blank` when the status says it all).
    public var type: String
    /// A short summary of the kind.
    public var title: String
    /// The HTTP status.
    public var status: Int
    /// What exactly was wrong and what to do.
    public var detail: String
    /// The request field at fault, when one is (JSON path, e.g. `tasks[3].stdin`).
    public var field: String?
    /// For 402 Payment Required: what the request needs held, in base units.
    public var needed: Amount?
    /// For 402 Payment Required: what the account has available, in base units.
    public var available: Amount?
    /// For a price cap no online worker meets: the cheapest price per fuel online now.
    public var cheapestPrice: PricePerFuel?

    /// Creates a problem.
    public init(type: String = "about:blank", title: String, status: Int, detail: String, field: String? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.field = field
    }

    /// "status title: detail".
    public var description: String {
        "\(status) \(title): \(detail)" + (field.map { " (field '\($0)')" } ?? "")
    }
}
