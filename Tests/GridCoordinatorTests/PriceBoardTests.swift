import Foundation
import GridCoordinator
import GridCore
import GridStore
import Testing

@Suite("The price board moves the demand multiplier once per pricing epoch by DPN's rule")
struct PriceBoardTests {
    /// Epochs of a minute from 2025-01-01; the board, at β = 1, has seen the end of its partial first epoch.
    static func board() throws -> (PriceBoard, Date) {
        var configuration = Pricing.Configuration()
        configuration.epochLength = .seconds(60)
        let started = Pricing.Configuration.defaultDayZero.addingTimeInterval(1)
        var board = PriceBoard(pricing: try Pricing(configuration), at: started)
        // The epoch it started in is seen only in part: its end moves nothing, however busy.
        board.recordFinished(fuel: .max)
        let moved = board.closeEpoch(at: started.addingTimeInterval(60), waiting: 5, supplyPerSecond: 1).moved
        #expect(!moved && board.demandMultiplier == .one)
        return (board, started.addingTimeInterval(60))
    }

    static func percent(_ board: PriceBoard) -> Int128 {
        board.demandMultiplier.partsPerTrillion * 100 / DemandMultiplier.scale
    }

    @Test func demandAboveSupplyRaisesTheBaseFeeAndNoDemandLowersIt() throws {
        var (board, start) = try Self.board()
        let baseFee = board.baseQuote.baseFee
        // Within the epoch nothing moves.
        board.recordFinished(fuel: 1_000_000)
        #expect(!board.epochEnded(at: start.addingTimeInterval(30)))
        let moved1 = board.closeEpoch(at: start.addingTimeInterval(30), waiting: 0, supplyPerSecond: 1).moved
        #expect(!moved1)

        // 10^9 fuel used against 60 × 10^6 supplied: twice the supply or more raises β the full 5%.
        board.recordFinished(fuel: 999_000_000)
        let moved2 = board.closeEpoch(at: start.addingTimeInterval(61), waiting: 0, supplyPerSecond: 1_000_000).moved
        #expect(moved2)
        #expect(board.demandMultiplier.partsPerTrillion == DemandMultiplier.scale * 105 / 100)
        #expect(board.baseQuote.baseFee > baseFee && board.epoch == 2)

        // An epoch with no demand lowers it 5%: 1.05 × 0.95 = 0.9975.
        let moved3 = board.closeEpoch(at: start.addingTimeInterval(121), waiting: 0, supplyPerSecond: 1_000_000).moved
        #expect(moved3)
        #expect(board.demandMultiplier.partsPerTrillion == DemandMultiplier.scale * 9975 / 10_000)
    }

    @Test func aMeasuredEpochIsReportedToKeepAndAResumedBoardStartsFromItWithinTheBounds() throws {
        var (board, start) = try Self.board()
        board.recordFinished(fuel: 999)
        let close = board.closeEpoch(at: start.addingTimeInterval(61), waiting: 0, supplyPerSecond: 10)
        let measured = try #require(close.measured)
        #expect(measured.epoch == board.epoch - 1 && measured.demand == 999 && measured.supply == 600)
        #expect(measured.demandMultiplier == board.demandMultiplier && close.moved)
        // Within an epoch nothing is measured.
        #expect(board.closeEpoch(at: start.addingTimeInterval(62), waiting: 0, supplyPerSecond: 10).measured == nil)

        var restarted = PriceBoard(pricing: board.pricing, at: start.addingTimeInterval(200))
        restarted.resume(from: measured)
        #expect(restarted.demandMultiplier == measured.demandMultiplier)
        var wild = measured
        wild.demandMultiplier = try DemandMultiplier(partsPerTrillion: DemandMultiplier.scale * 1_000)
        restarted.resume(from: wild)
        #expect(restarted.demandMultiplier == board.pricing.demandMultiplierBounds.upperBound)
    }

    @Test func demandEqualToSupplyLeavesItAndWaitingWorkCountsAsDemand() throws {
        var (board, start) = try Self.board()
        // D = S: 60 s × 10 fuel/s = 600 fuel used.
        board.recordFinished(fuel: 600)
        let moved4 = board.closeEpoch(at: start.addingTimeInterval(61), waiting: 0, supplyPerSecond: 10).moved
        #expect(!moved4)
        #expect(board.demandMultiplier == .one)
        // 2 replicas finished using 300 fuel (150 each) and 2 wait: D = 600 = S, unchanged; 4 waiting: D = 900 = 1.5 S, +2.5%.
        board.recordFinished(fuel: 300)
        board.recordFinished(fuel: 0)
        let moved5 = board.closeEpoch(at: start.addingTimeInterval(121), waiting: 2, supplyPerSecond: 10).moved
        #expect(!moved5)
        board.recordFinished(fuel: 150)
        board.recordFinished(fuel: 150)
        let moved6 = board.closeEpoch(at: start.addingTimeInterval(181), waiting: 4, supplyPerSecond: 10).moved
        #expect(moved6)
        #expect(board.demandMultiplier.partsPerTrillion == DemandMultiplier.scale * 1025 / 1000)
        // Work waiting and none finished (no worker could take it) is the most demand there is.
        let moved7 = board.closeEpoch(at: start.addingTimeInterval(241), waiting: 3, supplyPerSecond: 0).moved
        #expect(moved7)
        #expect(board.demandMultiplier.partsPerTrillion == DemandMultiplier.scale * 1025 / 1000 * 105 / 100)
    }

    @Test func theMultiplierStaysWithinItsBounds() throws {
        var (board, start) = try Self.board()
        for epoch in 1...100 {
            _ = board.closeEpoch(at: start.addingTimeInterval(Double(60 * epoch)), waiting: 0, supplyPerSecond: 5).moved
        }
        #expect(board.demandMultiplier == Pricing.Configuration.defaultMinimumDemandMultiplier)
        #expect(Self.percent(board) == 10)
    }
}
