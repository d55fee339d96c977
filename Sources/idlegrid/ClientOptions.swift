import ArgumentParser
import Foundation
import GridClient

/// How client commands reach a coordinator.
struct ClientOptions: ParsableArguments {
    @Option(help: "The coordinator's URL (env IDLEGRID_COORDINATOR; default http://127.0.0.1:8480).")
    var coordinator: String?

    @Option(help: "Your API key (env IDLEGRID_API_KEY).")
    var apiKey: String?

    @Option(help: "A JSON config file with these settings (env IDLEGRID_CONFIG).")
    var config: String?

    func client() throws -> GridClient {
        let settings = try Settings(configPath: config)
        let url = try settings.coordinatorURL(flag: coordinator, default: "http://127.0.0.1:8480")
        return GridClient(baseURL: url, apiKey: settings.string("api-key", flag: apiKey))
    }
}
