import ArgumentParser
import GridClient

/// Where a command that needs no key (the public ledger) finds the coordinator.
struct PublicOptions: ParsableArguments {
    @Option(help: "The coordinator's URL (env IDLEGRID_COORDINATOR; default http://127.0.0.1:8480).")
    var coordinator: String?

    @Option(help: "A JSON config file with this setting (env IDLEGRID_CONFIG).")
    var config: String?

    /// A client that sends no key.
    func client() throws -> GridClient {
        let settings = try Settings(configPath: config)
        return GridClient(baseURL: try settings.coordinatorURL(flag: coordinator, default: "http://127.0.0.1:8480"), apiKey: nil)
    }
}
