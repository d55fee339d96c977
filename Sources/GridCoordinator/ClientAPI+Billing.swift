import GridCore
import GridStore
import Hummingbird

/// What a submitted job pays: its price cap, the escrow it holds, and who shares its charges.
extension ClientAPI {
    /// The job's billing terms, or a problem that refuses it with nothing held:
    /// a cap no online worker meets (409, naming the cheapest price, unless the client asked to
    /// wait for one), a maximum cost past what an amount can hold (422), or a balance that cannot
    /// cover it (402, with the amounts needed and available).
    ///
    /// Without `maxPricePerFuel`, the cap is the dearer of twice the base fee (a bid up to the
    /// base fee itself) and the price of the dearest worker online that can run the job: it runs
    /// anywhere it could run now, and on workers that connect later with an ordinary bid.
    func billing(
        of submission: JobSubmission, module: PublishedModule, limits: Limits, replicas: Int, payer: AccountID
    ) async throws -> JobBilling {
        let market = await broker.market(memoryBytes: limits.memoryBytes)
        let cap = try submission.maxPricePerFuel ?? defaultCap(market)
        if let cheapest = market.cheapest, cheapest.price > cap, submission.waitForPrice != true {
            var problem = Problem.conflict(
                "no online worker's price fits your cap of \(cap.baseUnitsPerExafuel) base units per 10^18 fuel; the cheapest is \(cheapest.price.baseUnitsPerExafuel) (raise maxPricePerFuel, or set waitForPrice to queue the job until one fits)",
                field: "maxPricePerFuel")
            problem.cheapestPrice = cheapest.price
            throw problem
        }
        let escrow: Amount
        do {
            escrow = try cap.maximumCost(fuelLimit: limits.fuel, replicas: replicas, tasks: submission.tasks.count)
        } catch {
            throw Problem.unprocessable("the job's maximum cost cannot be computed: \(error.message)", field: "maxPricePerFuel")
        }
        if escrow.baseUnits > 0 {
            // Checked here for a clear answer without a trip through the writer; the transaction
            // that stores the job checks again, so two racing jobs cannot both spend one balance.
            let available = try await store.balance(of: payer)?.available ?? .zero
            guard available >= escrow else { throw Problem.paymentRequired(needed: escrow, available: available) }
        }
        return JobBilling(priceCap: cap, escrow: escrow, developer: module.publisher)
    }

    private func defaultCap(_ market: WorkBroker.Market) throws -> PricePerFuel {
        let ordinary: PricePerFuel
        do {
            ordinary = try market.base.baseFee.adding(market.base.baseFee)
        } catch {
            throw Problem.internalError("the base fee is too large to double: \(error.message)")
        }
        guard let dearest = market.dearest?.price else { return ordinary }
        return max(ordinary, dearest)
    }
}
