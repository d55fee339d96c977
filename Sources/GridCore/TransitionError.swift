/// A lifecycle event that the current state does not allow.
///
/// The message names the machine, the event and the state:
/// `job: cannot apply 'cancel' in state 'completed'`. A growable error: kinds live in a
/// private code. Two errors are equal when they are of the same kind, whatever their message.
public struct TransitionError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case illegal
    }

    private let code: Code
    /// What went wrong, for people and logs.
    public let message: String

    private init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `event` is not allowed in `state` of the lifecycle `machine` ("job", "task", "replica").
    public static func illegal(machine: String, state: String, event: String) -> Self {
        .init(code: .illegal, message: "\(machine): cannot apply '\(event)' in state '\(state)'")
    }

    /// Same kind of error, whatever the message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// The message.
    public var description: String { message }
}
