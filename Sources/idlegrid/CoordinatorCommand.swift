import ArgumentParser
import Foundation
import GridCoordinator
import GridCore
import GridStore
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// `idlegrid coordinator`: runs a regional coordinator until SIGTERM or SIGINT.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run a regional coordinator: the client API, the worker endpoint and the work broker.",
        discussion: """
            Settings come from flags, then IDLEGRID_<NAME> environment variables, then --config FILE \
            (a JSON object with keys db, port, host, region, ledger-key, ledger-origin, settlement-period, minimum-payout, \
            settlement-anchor, operator-account, operator-key or operator-key-file). \
            On the first start of an empty database an operator API key is created and printed once. The ledger's \
            Ed25519 log key is kept next to the database (DB.ledger-key, mode 0600) unless --ledger-key says where; \
            with --dev it is new on every start. Every settlement period (default 86400 s, closing at midnight UTC) \
            pending earnings of at least the minimum payout become available, in a block of the settlement chain.
            """
    )

    @Option(help: "The SQLite database file (env IDLEGRID_DB).")
    var db: String?

    @Flag(help: "Use a temporary database, deleted on exit.")
    var dev = false

    @Option(help: "The port to listen on (default 8480; 0 picks one).")
    var port: Int?

    @Option(help: "The address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "The region this coordinator serves (default local).")
    var region: String?

    @Option(help: "A file holding an operator API key to accept (or set IDLEGRID_OPERATOR_KEY to the key).")
    var operatorKeyFile: String?

    /// Refused: a key on the command line is readable by every user of the machine.
    @Option(name: .customLong("operator-key"), help: .hidden)
    var operatorKeyOnCommandLine: String?

    @Option(help: "Where the ledger's log key is kept, created on first start (default DB.ledger-key; env IDLEGRID_LEDGER_KEY).")
    var ledgerKey: String?

    @Option(help: "The ledger's name: the origin line of its checkpoints (default idlegrid.local/ledger).")
    var ledgerOrigin: String?

    @Option(help: "Seconds in a settlement period, at least 1 (default 86400: periods close at midnight UTC).")
    var settlementPeriod: Int?

    @Option(help: "Pending earnings below this carry over to the next period: GRID ('0.01 GRID') or base units (default 0.001 GRID).")
    var minimumPayout: String?

    @Option(help: "A file each settlement block is anchored to, one line per block (default none).")
    var settlementAnchor: String?

    @Option(help: "The account paid the operator's share of every charge, an account of role operator (default: the system treasury).")
    var operatorAccount: String?

    @Option(help: "A JSON config file (env IDLEGRID_CONFIG).")
    var config: String?

    /// The shortest operator key accepted: 32 characters, 128 bits or more as hex.
    static let minimumOperatorKeyLength = 32

    func validate() throws {
        if dev, db != nil { throw ValidationError("give either --db PATH or --dev, not both") }
        if operatorKeyOnCommandLine != nil {
            throw SecretInput.refusal(flag: "--operator-key", fileFlag: "--operator-key-file", variable: "IDLEGRID_OPERATOR_KEY")
        }
    }

    func run() async throws {
        // A config or key file that cannot be used exits 2, as in every other command.
        try await reportingFailures { try await serve() }
    }

    private func serve() async throws {
        let settings = try Settings(configPath: config)
        var configuration = CoordinatorConfiguration()
        configuration.port = try settings.integer("port", flag: port, default: 8480)
        guard (0...65535).contains(configuration.port) else { throw ValidationError("--port must be in 0...65535") }
        configuration.host = settings.string("host", flag: host) ?? "127.0.0.1"
        configuration.region = settings.string("region", flag: region) ?? "local"
        configuration.operatorAPIKey = try SecretInput.resolve(
            "operator-key", fileFlag: operatorKeyFile, settings: settings, what: "operator key")
        // The operator's key mints money: one short enough to guess is refused.
        if let key = configuration.operatorAPIKey, key.count < Self.minimumOperatorKeyLength {
            throw ValidationError(
                "the operator key is \(key.count) characters; use at least \(Self.minimumOperatorKeyLength) random ones (for example: openssl rand -hex 32)")
        }
        // --dev is a flag, so it beats a config file's db (whose ledger key would outlive the
        // temporary database).
        let path = dev ? nil : settings.string("db", flag: db)
        guard dev || path != nil else {
            throw ValidationError("say where the database lives with --db PATH (or IDLEGRID_DB), or use --dev for a temporary one")
        }
        configuration.ledgerKeyPath = settings.string("ledger-key", flag: ledgerKey) ?? path.map { $0 + ".ledger-key" }
        if let origin = settings.string("ledger-origin", flag: ledgerOrigin) { configuration.ledgerOrigin = origin }
        let period = try settings.integer("settlement-period", flag: settlementPeriod, default: 86_400)
        guard (1...31_622_400).contains(period) else {
            throw ValidationError("--settlement-period must be a whole number of seconds from 1 to 31622400 (366 days), not \(period)")
        }
        configuration.settlementPeriod = .seconds(period)
        if let text = settings.string("minimum-payout", flag: minimumPayout) {
            do {
                configuration.pricing.minimumPayout = try Amount(parsing: text)
            } catch {
                throw ValidationError("--minimum-payout: \(error.message)")
            }
            guard !configuration.pricing.minimumPayout.isNegative else {
                throw ValidationError("--minimum-payout must not be below zero, not \(text)")
            }
        }
        configuration.settlementAnchorPath = settings.string("settlement-anchor", flag: settlementAnchor)
        if let text = settings.string("operator-account", flag: operatorAccount) {
            guard let account = AccountID(text) else { throw ValidationError("--operator-account must be an account id (a UUID), not '\(text)'") }
            configuration.operatorAccount = account
        }
        var logger = Logger(label: "idlegrid.coordinator")
        logger.logLevel = .info
        // Files this start creates, removed again if it fails before it is listening: a first
        // start that cannot bind would otherwise keep a database whose operator key was never shown.
        let created = ([path, path.map { $0 + "-wal" }, path.map { $0 + "-shm" }, configuration.ledgerKeyPath] as [String?])
            .compactMap { $0 }.filter { !FileManager.default.fileExists(atPath: $0) }
        let listening = Mutex(false)
        let store = try await dev ? SQLiteGridStore.temporary(logger: logger) : SQLiteGridStore(path: path!, logger: logger)
        let host = configuration.host
        let coordinator = Coordinator(configuration: configuration, store: store, logger: logger) { ready in
            listening.withLock { $0 = true }
            // Unbuffered: whoever started the coordinator may be waiting on a pipe for these lines.
            var lines = "idlegrid coordinator listening on http://\(host):\(ready.port)\n"
            if let key = ready.newOperatorKey {
                lines += "operator API key (shown once, keep it): \(key)\n"
            }
            FileHandle.standardOutput.write(Data(lines.utf8))
        }
        let group = ServiceGroup(configuration: .init(
            services: [coordinator], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            try? await store.close()
            if !listening.withLock({ $0 }) {
                for file in created { try? FileManager.default.removeItem(atPath: file) }
            }
            guard let error = error as? IOError else { throw error }
            // NIO's own text reads "bind(descriptor:ptr:bytes:): Address already in use) (errno: 98)".
            let reason = String(cString: strerror(error.errnoCode))
            throw CLIFailure("cannot listen on \(host):\(configuration.port): \(reason.prefix(1).lowercased() + reason.dropFirst())")
        }
        try await store.close()
    }
}
