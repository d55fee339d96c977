/// The answer to `POST /v1/jobs/quote`: what a job would hold in escrow and the most it can
/// cost, before it is submitted, and whether the caller can afford it now.
public struct JobQuote: Sendable, Hashable, Codable {
    /// The cap the job would run under (its `maxPricePerFuel`, or the default one).
    public var pricePerFuel: PricePerFuel
    /// The most the job can cost, held in escrow when it is accepted: fuel limit × cap ×
    /// replicas × tasks.
    public var maximumCost: Amount
    /// The base fee per fuel now, burned from every charge.
    public var baseFee: PricePerFuel
    /// The cheapest price per fuel of an online worker that can run the job, if any.
    public var cheapestPrice: PricePerFuel?
    /// What the caller has available now.
    public var available: Amount
    /// Whether `available` covers `maximumCost`.
    public var affordable: Bool
    /// Online workers that can run the job and whose price fits its cap now.
    public var workersUnderCap: Int
    /// Whether they are enough for its replicas (each on its own worker) to start now.
    public var fits: Bool
    /// Whether a submission now is refused (409) for its price: too few workers fit its cap while
    /// more online workers could run it, and it does not wait for the price. When it does not
    /// fit but is not refused, every online worker that could run it fits, and the job queues
    /// until enough are online.
    public var refusedForPrice: Bool

    /// A quote.
    public init(
        pricePerFuel: PricePerFuel, maximumCost: Amount, baseFee: PricePerFuel, cheapestPrice: PricePerFuel?, available: Amount,
        affordable: Bool, workersUnderCap: Int, fits: Bool, refusedForPrice: Bool
    ) {
        self.pricePerFuel = pricePerFuel
        self.maximumCost = maximumCost
        self.baseFee = baseFee
        self.cheapestPrice = cheapestPrice
        self.available = available
        self.affordable = affordable
        self.workersUnderCap = workersUnderCap
        self.fits = fits
        self.refusedForPrice = refusedForPrice
    }
}
