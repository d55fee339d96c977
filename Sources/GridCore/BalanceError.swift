/// Why a change to a balance was refused.
///
/// Two errors are equal when they are the same kind, whatever their message; tests that care
/// about the wording check ``message``.
public struct BalanceError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable {
        case insufficient, overflow
    }

    private let code: Code
    /// The part of the balance at fault (`available`, `held`, `pending` or `staked`).
    public let part: String
    /// What the part holds, when it holds too little.
    public let has: Amount?
    /// What the change takes from it, when it holds too little.
    public let needs: Amount?
    /// What was wrong, for people.
    public let message: String

    private init(code: Code, part: String, has: Amount? = nil, needs: Amount? = nil, message: String) {
        self.code = code
        self.part = part
        self.has = has
        self.needs = needs
        self.message = message
    }

    /// The part holds less than the change takes from it.
    public static func insufficient(part: String, has: Amount, needs: Amount) -> Self {
        .init(code: .insufficient, part: part, has: has, needs: needs,
              message: "the \(part) balance is \(has) but \(needs) is needed")
    }

    /// The part would leave the amount range.
    public static func overflow(part: String) -> Self {
        .init(code: .overflow, part: part, message: "the \(part) balance would pass what an amount can hold")
    }

    /// Whether the part holds too little (and not an overflow).
    public var isInsufficient: Bool { code == .insufficient }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
