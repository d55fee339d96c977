/// An embedded network that could not start or did not behave in time.
public struct EmbeddedNetworkError: Error, CustomStringConvertible, Equatable {
    private enum Code: Equatable {
        case failed
    }

    private let code: Code
    /// What went wrong.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.code = .failed
        self.description = description
    }
}
