import ArgumentParser

/// The `idlegrid` command: a thin front over the Idlegrid libraries.
@main
struct Idlegrid: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idlegrid",
        abstract: "Idlegrid: a decentralized compute network for idle CPU time.",
        discussion: """
            'idlegrid demo' shows the whole network in one command. 'idlegrid coordinator' and \
            'idlegrid worker' run its two halves; 'module publish', 'submit', 'job' and 'account' \
            are the client's commands; 'run' and 'bench' use the sandbox locally.
            """,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, CoordinatorCommand.self, WorkerCommand.self, ModuleCommand.self, SubmitCommand.self,
            JobCommand.self, RunCommand.self, BenchCommand.self, AccountCommand.self, PriceCommand.self, LedgerCommand.self,
        ]
    )
}
