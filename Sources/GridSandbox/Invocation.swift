/// What to run in a loaded module, with what input, under which seed.
public struct Invocation: Sendable, Hashable {
    /// Which function starts the run.
    public enum Entry: Sendable, Hashable {
        /// A WASI command: call `_start`; `proc_exit` or returning ends it.
        case command
        /// Call an exported function with integer arguments, converted to its parameter types.
        case export(name: String, arguments: [Int64])
    }

    /// `argv[0]` of every task a worker runs, so that `idlegrid run` and a local check reproduce a
    /// network run exactly: a guest that reads its arguments spends fuel on them too.
    public static let taskProgramName = "task"

    /// Which function starts the run.
    public var entry: Entry
    /// `argv[0]`, as the guest sees it.
    public var programName: String
    /// `argv[1...]`.
    public var arguments: [String]
    /// The environment, in order, as `KEY=VALUE` pairs.
    public var environment: [(key: String, value: String)]
    /// The bytes the guest reads from stdin.
    public var stdin: [UInt8]
    /// Seeds `random_get`; the same seed gives the same random stream on every machine.
    public var seed: UInt64

    /// Creates an invocation.
    public init(
        entry: Entry = .command,
        programName: String = "guest",
        arguments: [String] = [],
        environment: [(key: String, value: String)] = [],
        stdin: [UInt8] = [],
        seed: UInt64 = 0
    ) {
        self.entry = entry
        self.programName = programName
        self.arguments = arguments
        self.environment = environment
        self.stdin = stdin
        self.seed = seed
    }

    /// The most bytes the arguments and environment may take together, NUL terminators included
    /// (the order of Linux's `ARG_MAX`).
    public static let maxArgumentBytes = 1 << 20

    /// Refuses arguments and environment larger than ``maxArgumentBytes``.
    func checkSize() throws(SandboxError) {
        let argumentBytes = ([programName] + arguments).reduce(0) { $0 + $1.utf8.count + 1 }
        let environmentBytes = environment.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 2 }
        guard argumentBytes + environmentBytes <= Self.maxArgumentBytes else {
            throw .badArguments(
                "the arguments and environment take \(argumentBytes + environmentBytes) bytes; at most \(Self.maxArgumentBytes) are allowed (pass large data as input instead)")
        }
    }

    /// Invocations are equal when every field is; the environment compares in order.
    public static func == (lhs: Invocation, rhs: Invocation) -> Bool {
        lhs.entry == rhs.entry && lhs.programName == rhs.programName && lhs.arguments == rhs.arguments
            && lhs.environment.map { [$0.key, $0.value] } == rhs.environment.map { [$0.key, $0.value] }
            && lhs.stdin == rhs.stdin && lhs.seed == rhs.seed
    }

    /// Hashes every field, the environment in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entry)
        hasher.combine(programName)
        hasher.combine(arguments)
        for (key, value) in environment {
            hasher.combine(key)
            hasher.combine(value)
        }
        hasher.combine(stdin)
        hasher.combine(seed)
    }
}
