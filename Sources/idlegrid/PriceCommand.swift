import ArgumentParser
import Foundation
import GridClient
import GridCore

/// `idlegrid price`: what compute costs now on the coordinator, per fuel, and its parts.
struct PriceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "price", abstract: "Show the current price of compute per fuel and its parts.",
        discussion: "Prices are base units per 10^18 fuel. The base fee is burned; a job on a worker pays the base fee plus the worker's bid.")
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await reportingFailures {
            let quote = try await options.client().price()
            if json { try printJSON(quote); return }
            print("reference price   \(quote.referencePrice) (day \(quote.day) after the pricing's day 0)")
            let multiplier = (try? DemandMultiplier(partsPerTrillion: Int128(quote.demandMultiplierPartsPerTrillion))).map(\.description)
            print("demand multiplier \(multiplier ?? "\(quote.demandMultiplierPartsPerTrillion) per 10^12")")
            print("base fee, burned  \(quote.baseFee)")
            if let bid = quote.lowestBid, let price = quote.lowestPrice {
                print("lowest bid        \(bid)\nlowest price      \(price)  (\(quote.workersOnline) \(quote.workersOnline == 1 ? "worker" : "workers") online)")
            } else {
                print("no worker online")
            }
        }
    }
}
