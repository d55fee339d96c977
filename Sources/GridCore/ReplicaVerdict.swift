/// What verification made of one replica's result: the column every stored replica carries, so
/// that an accepted answer, a dissent and a forgery can all be shown later as evidence.
public enum ReplicaVerdict: String, Sendable, Codable, CaseIterable {
    /// Its output is the one delivered to the client.
    case accepted
    /// It gave the accepted answer (and is owed for it, like the accepted one).
    case agreed
    /// It gave another answer than the accepted one: signed evidence against its worker.
    case dissented
    /// Its task was given up because the replicas never agreed.
    case undecided
    /// It arrived after its task was settled or its job ended.
    case late
    /// Its output did not match its signed hash, its signature did not verify, or it claimed more
    /// fuel or memory than the job allows: its worker lied and was flagged.
    case forged
    /// The wall-clock limit stopped it, which depends on the machine: a failed attempt, not a vote.
    case stopped
}
