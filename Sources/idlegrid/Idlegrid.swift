import ArgumentParser

/// The `idlegrid` command: a thin front over the Idlegrid libraries.
@main
struct Idlegrid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idlegrid",
        abstract: "Idlegrid: a decentralized compute network for idle CPU time.",
        discussion: """
            Run a WebAssembly module locally in the deterministic, fuel-metered sandbox with \
            'idlegrid run', and measure this machine's compute speed with 'idlegrid bench'.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, BenchCommand.self]
    )
}
