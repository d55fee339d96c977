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
    /// Without `maxPricePerFuel`, the cap is twice the base fee: a bid up to the base fee itself.
    /// (Not the dearest online worker's price: one worker asking a fortune would make every
    /// default job hold a fortune.) Within its cap a job goes to the cheapest worker with room.
    func billing(
        of submission: JobSubmission, module: PublishedModule, limits: Limits, replicas: Int, payer: AccountID
    ) async throws -> JobBilling {
        let (cap, escrow, _, _) = try await terms(of: submission, limits: limits, replicas: replicas, refusingAnUnmetCap: true)
        if escrow.baseUnits > 0 {
            // Checked here for a clear answer without a trip through the writer; the transaction
            // that stores the job checks again, so two racing jobs cannot both spend one balance.
            let available = try await store.balance(of: payer)?.available ?? .zero
            guard available >= escrow else { throw Problem.paymentRequired(needed: escrow, available: available) }
        }
        return JobBilling(priceCap: cap, escrow: escrow, developer: module.publisher)
    }

    /// `POST /v1/jobs/quote`: a job's cap and maximum cost, checked like a submission but with
    /// nothing stored or held, and whether the caller can afford it now.
    func quoteJob(_ request: Request, _ context: GridRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let submission = try await decode(JobSubmission.self, from: request, context)
        let replicas = submission.replicas ?? 1
        try validate(submission, replicas: replicas)
        _ = try await inputBlobs(of: submission, readableBy: account)
        guard try await knownModules.module(submission.module, in: store) != nil else {
            throw Problem.notFound("no module \(submission.module.hex): upload it with POST /v1/modules first", field: "module")
        }
        let (cap, escrow, market, underCap) = try await terms(
            of: submission, limits: submission.limits ?? .standard, replicas: replicas, refusingAnUnmetCap: false)
        let available = try await store.balance(of: account.id)?.available ?? .zero
        return try json(JobQuote(
            pricePerFuel: cap, maximumCost: escrow, baseFee: market.base.baseFee, cheapestPrice: market.cheapest?.price,
            available: available, affordable: available >= escrow, workersUnderCap: underCap, fits: underCap >= replicas,
            refusedForPrice: Self.refusesForPrice(fitting: underCap, of: market, replicas: replicas, waiting: submission.waitForPrice == true)))
    }

    /// The job's cap and maximum cost now, the market they come from, and how many online
    /// workers' prices fit the cap; a cap no online worker meets is refused (409) when
    /// `refusingAnUnmetCap` and the job does not wait for one.
    private func terms(
        of submission: JobSubmission, limits: Limits, replicas: Int, refusingAnUnmetCap: Bool
    ) async throws -> (cap: PricePerFuel, escrow: Amount, market: WorkBroker.Market, underCap: Int) {
        let market = await broker.market(memoryBytes: limits.memoryBytes)
        let cap = try submission.maxPricePerFuel ?? defaultCap(market)
        // No worker's price passes the base fee plus the largest bid, so no cap needs more (and a
        // larger one would hold a fortune in escrow for nothing).
        if let highest = try? market.base.baseFee.adding(PricePerFuel(perFuel: WorkerPrices.maxPerFuel)), cap > highest {
            throw Problem.unprocessable(
                "maxPricePerFuel is \(cap); it may be at most \(highest), the base fee now plus the largest bid a worker may ask (1 GRID per fuel)",
                field: "maxPricePerFuel")
        }
        // Refused when the price is what keeps it from running: some online workers could run it
        // but too few of them fit the cap for its replicas (each on its own worker).
        let fitting = market.prices.filter { $0 <= cap }.count
        let replicas = submission.replicas ?? 1
        if refusingAnUnmetCap, let cheapest = market.cheapest,
           Self.refusesForPrice(fitting: fitting, of: market, replicas: replicas, waiting: submission.waitForPrice == true) {
            let fit = fitting == 0 ? "no online worker's price fits" : "only \(fitting) online \(fitting == 1 ? "worker's price fits" : "workers' prices fit")"
            var problem = Problem.conflict(
                "\(fit) your cap of \(cap) and the job asks for \(replicas) \(replicas == 1 ? "replica" : "replicas on distinct workers"); the cheapest price is \(cheapest.price) (raise maxPricePerFuel, submit --max-price, or set waitForPrice, --wait-for-price, to queue the job until enough fit)",
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
        return (cap, escrow, market, fitting)
    }

    /// Whether the price is what keeps a job from running: some online workers could run it,
    /// but too few of them fit the cap for its replicas, and it does not wait for the price.
    private static func refusesForPrice(fitting: Int, of market: WorkBroker.Market, replicas: Int, waiting: Bool) -> Bool {
        market.cheapest != nil && fitting < replicas && fitting < market.prices.count && !waiting
    }

    private func defaultCap(_ market: WorkBroker.Market) throws -> PricePerFuel {
        do {
            return try market.base.baseFee.adding(market.base.baseFee)
        } catch {
            throw Problem.internalError("the base fee is too large to double: \(error.message)")
        }
    }
}
