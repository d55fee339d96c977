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

extension TaskInput {
    private enum CodingKeys: String, CodingKey {
        case stdin, arguments
    }

    /// Decodes a task input, naming the field when `stdin` is not base64 (Foundation's own
    /// message says neither which field nor what base64 is expected).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .stdin) {
            guard let bytes = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .stdin, in: container,
                    debugDescription: "stdin must be the input's bytes in base64 (RFC 4648, with padding, e.g. \"aGk=\" for \"hi\")")
            }
            stdin = bytes
        } else {
            stdin = nil
        }
        arguments = try container.decodeIfPresent([String].self, forKey: .arguments)
    }
}
