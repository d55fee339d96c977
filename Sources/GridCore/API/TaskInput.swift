public import Foundation

/// One task's input.
public struct TaskInput: Sendable, Hashable, Codable {
    /// The guest's stdin (base64 in JSON), for inputs small enough to travel inline.
    public var stdin: Data?
    /// The guest's stdin as a blob uploaded before with `POST /v1/blobs`, for large inputs;
    /// exclusive with ``stdin``. Workers fetch it by hash, so the coordinator never holds it in
    /// memory.
    public var stdinBlob: ContentHash?
    /// The guest's arguments (argv[1...]).
    public var arguments: [String]?

    /// Creates a task input.
    public init(stdin: Data? = nil, stdinBlob: ContentHash? = nil, arguments: [String]? = nil) {
        self.stdin = stdin
        self.stdinBlob = stdinBlob
        self.arguments = arguments
    }
}

extension TaskInput {
    private enum CodingKeys: String, CodingKey {
        case stdin, stdinBlob, arguments
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
        stdinBlob = try container.decodeIfPresent(ContentHash.self, forKey: .stdinBlob)
        arguments = try container.decodeIfPresent([String].self, forKey: .arguments)
    }
}
