extension Duration {
    /// The duration in seconds, fractions included: for rates, timeouts compared with `Date`
    /// intervals, and figures printed for people.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
