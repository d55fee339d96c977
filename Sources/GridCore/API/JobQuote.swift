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
    /// Whether they are enough for its replicas (each on its own worker). When they are not, the
    /// price is what keeps it from running: a submission is refused (409) unless it waits for
    /// the price.
    public var fits: Bool

    /// A quote.
    public init(
        pricePerFuel: PricePerFuel, maximumCost: Amount, baseFee: PricePerFuel, cheapestPrice: PricePerFuel?, available: Amount,
        affordable: Bool, workersUnderCap: Int, fits: Bool
    ) {
        self.pricePerFuel = pricePerFuel
        self.maximumCost = maximumCost
        self.baseFee = baseFee
        self.cheapestPrice = cheapestPrice
        self.available = available
        self.affordable = affordable
        self.workersUnderCap = workersUnderCap
        self.fits = fits
    }
}
