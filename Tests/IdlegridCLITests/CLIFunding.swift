import Foundation
import Testing

/// The CLI tests submit jobs with the operator's key, so the operator funds its own account
/// first, with the CLI, the way an operator trying Idlegrid out would.
enum CLIFunding {
    /// Mints `amount` onto the account of `key` (an operator's) at `url`.
    static func fundOwnAccount(url: String, key: String, amount: String = "1000 GRID") async throws {
        let environment = ["IDLEGRID_COORDINATOR": url, "IDLEGRID_API_KEY": key]
        let balance = try await CLIProcess.run(["account", "balance", "--json"], environment: environment)
        guard balance.status == 0,
              let account = (try JSONSerialization.jsonObject(with: Data(balance.stdoutText.utf8)) as? [String: Any])?["account"] as? String
        else { throw BackgroundFailure("account balance --json answered \(balance.status): \(balance.stdoutText) \(balance.stderr)") }
        let funded = try await CLIProcess.run(["account", "fund", account, amount, "--memo", "CLI tests"], environment: environment)
        guard funded.status == 0 else { throw BackgroundFailure("account fund answered \(funded.status): \(funded.stderr)") }
    }
}
