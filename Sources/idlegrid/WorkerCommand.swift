import ArgumentParser
import Foundation
import GridCore
import GridWorker
import Logging
import ServiceLifecycle

/// `idlegrid worker`: contributes this machine to a coordinator until SIGTERM or SIGINT.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Contribute this machine's idle CPU to a coordinator.",
        discussion: """
            The worker dials the coordinator (NAT is fine), authenticates with its device key \
            (created on first run, mode 0600), and runs assigned tasks in the sandbox. SIGTERM \
            stops it taking work; it finishes or hands back what it holds, then exits.

            The first time a device key connects it enrolls to a provider account, with that \
            provider's credential: a file holding the provider account's API key or an \
            enrollment token (--credential-file, env IDLEGRID_CREDENTIAL_FILE), or the \
            environment (IDLEGRID_PROVIDER_KEY or IDLEGRID_ENROLLMENT_TOKEN); never a flag's \
            value. Afterwards the device key alone reconnects it. A final refusal (bad \
            credential, flagged key, another sandbox) ends the worker with status 1 and the reason.
            """
    )

    @Option(help: "The coordinator's URL (env IDLEGRID_COORDINATOR).")
    var coordinator: String?

    @Option(help: "Tasks to run at once (default 1).")
    var slots: Int?

    @Option(help: "The device key file (default ~/.idlegrid/device.key).")
    var key: String?

    @Option(help: "Pause while other programs use more than this percent of the CPU.")
    var idleCpu: Int?

    @Option(help: "Work only within these local hours, e.g. 22-7.")
    var hours: String?

    @Option(help: "A name for people (default: host name).")
    var name: String?

    @Option(help: "The region to report (default local).")
    var region: String?

    // Unconditional, so that `--price -5` is read as a price (and refused as one), not as a flag.
    @Option(parsing: .unconditional, help: "Your bid per unit of fuel on top of the base fee: base units (700) or GRID (0.0000000000000007 GRID), at most 1 GRID; default 0.")
    var price: String?

    @Option(help: "A file holding the provider's API key or enrollment token, to enroll this device (env IDLEGRID_CREDENTIAL_FILE).")
    var credentialFile: String?

    @Option(help: "A JSON config file (env IDLEGRID_CONFIG).")
    var config: String?

    func run() async throws {
        // A config or key file that cannot be used exits 2, as in every other command.
        try await reportingFailures { try await serve() }
    }

    private func serve() async throws {
        let settings = try Settings(configPath: config)
        let url = try settings.coordinatorURL(flag: coordinator)
        let slots = try settings.integer("slots", flag: self.slots, default: 1)
        guard (1...1024).contains(slots) else { throw ValidationError("--slots must be between 1 and 1024, not \(slots)") }
        var policy = IdlePolicy()
        if let cpu = settings.string("idle-cpu", flag: idleCpu.map(String.init)) {
            guard let percent = Int(cpu), (0...100).contains(percent) else {
                throw ValidationError("--idle-cpu must be a percentage 0...100, not '\(cpu)'")
            }
            policy.maxOtherCPUPercent = percent
        }
        if let window = settings.string("hours", flag: hours) {
            guard let parsed = IdlePolicy.parseHours(window) else {
                throw ValidationError("--hours must look like 22-7 (start-end, hours 0...24), not '\(window)'")
            }
            policy.hours = parsed
        }
        var configuration = WorkerConfiguration(coordinator: url, slots: slots)
        configuration.idlePolicy = policy
        if let key = settings.string("key", flag: key) { configuration.keyPath = key }
        if let name = settings.string("name", flag: name) { configuration.name = name }
        if let region = settings.string("region", flag: region) { configuration.region = region }
        if let text = settings.string("price", flag: price) {
            guard let amount = try? Amount(parsing: text), WorkerPrices.isAllowed(amount) else {
                throw ValidationError(
                    "--price must be an amount per fuel from 0 to 1 GRID, such as 700 or 0.0000000000000007 GRID, not '\(text)'")
            }
            configuration.prices = WorkerPrices(cpuPerFuel: amount)
        }
        configuration.credential = try Self.credential(fileSetting: settings.string("credential-file", flag: credentialFile))
        var logger = Logger(label: "idlegrid.worker")
        logger.logLevel = .info
        if configuration.prices.cpuPerFuel == .zero {
            // What a client pays up to the base fee is burned; only the bid on top is shared out.
            logger.warning("bidding 0 per fuel: what clients pay for this worker's work is the burned base fee alone, so its provider earns nothing from it; set --price (e.g. 700 base units per fuel)")
        }
        let agent = WorkerAgent(configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [agent], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The provider credential: from the credential file if one is named, else from
    /// IDLEGRID_PROVIDER_KEY or IDLEGRID_ENROLLMENT_TOKEN (not both), else none.
    static func credential(
        fileSetting path: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ProviderCredential? {
        if let path {
            let text = try SecretInput.read(file: path, what: "credential")
            do {
                return try ProviderCredential(parsing: text)
            } catch {
                throw ValidationError("the credential file '\(path)' holds neither an API key nor an enrollment token: \(error)")
            }
        }
        let key = environment["IDLEGRID_PROVIDER_KEY"], token = environment["IDLEGRID_ENROLLMENT_TOKEN"]
        switch (key, token) {
        case (nil, nil):
            return nil
        case (.some, .some):
            throw ValidationError("set only one of IDLEGRID_PROVIDER_KEY and IDLEGRID_ENROLLMENT_TOKEN")
        case (let key?, nil):
            let credential = ProviderCredential.apiKey(key.trimmingCharacters(in: .whitespacesAndNewlines))
            if let problem = credential.formatProblem { throw ValidationError("IDLEGRID_PROVIDER_KEY: \(problem)") }
            return credential
        case (nil, let token?):
            let credential = ProviderCredential.enrollmentToken(token.trimmingCharacters(in: .whitespacesAndNewlines))
            if let problem = credential.formatProblem { throw ValidationError("IDLEGRID_ENROLLMENT_TOKEN: \(problem)") }
            return credential
        }
    }
}
