import ArgumentParser
import Foundation
import GridClient

/// How client commands reach a coordinator.
struct ClientOptions: ParsableArguments {
    @Option(help: "The coordinator's URL (env IDLEGRID_COORDINATOR; default http://127.0.0.1:8480).")
    var coordinator: String?

    @Option(help: "A file holding your API key (or set IDLEGRID_API_KEY to the key).")
    var apiKeyFile: String?

    /// Refused: a key on the command line is readable by every user of the machine.
    @Option(name: .customLong("api-key"), help: .hidden)
    var apiKeyOnCommandLine: String?

    @Option(help: "A JSON config file with these settings (env IDLEGRID_CONFIG).")
    var config: String?

    func validate() throws {
        if apiKeyOnCommandLine != nil {
            throw SecretInput.refusal(flag: "--api-key", fileFlag: "--api-key-file", variable: "IDLEGRID_API_KEY")
        }
    }

    func client() throws -> GridClient {
        let settings = try Settings(configPath: config)
        let url = try settings.coordinatorURL(flag: coordinator, default: "http://127.0.0.1:8480")
        let key = try SecretInput.resolve("api-key", fileFlag: apiKeyFile, settings: settings, what: "API key")
        return GridClient(baseURL: url, apiKey: key)
    }
}
