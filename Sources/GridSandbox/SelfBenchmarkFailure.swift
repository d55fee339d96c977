/// The reference workload did not return normally, so no speed can be measured.
struct SelfBenchmarkFailure: Error, CustomStringConvertible {
    let termination: Termination
    var description: String { "the reference workload did not finish: \(termination)" }
}
