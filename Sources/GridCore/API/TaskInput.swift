public import Foundation

/// One task's input.
public struct TaskInput: Sendable, Hashable, Codable {
    /// The guest's stdin (base64 in JSON).
    public var stdin: Data?
    /// The guest's arguments (argv[1...]).
    public var arguments: [String]?

    /// Creates a task input.
    public init(stdin: Data? = nil, arguments: [String]? = nil) {
        self.stdin = stdin
        self.arguments = arguments
    }
}
