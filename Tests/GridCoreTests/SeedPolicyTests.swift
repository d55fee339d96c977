import GridCore
import Testing

@Suite("Seed policies")
struct SeedPolicyTests {
    @Test("per-task and decimal seeds up to 2^64 - 1 parse", arguments: [
        ("per-task", SeedPolicy.perTask), ("0", .fixed(0)), ("42", .fixed(42)), ("007", .fixed(7)),
        ("18446744073709551615", .fixed(.max)),
    ])
    func parses(text: String, policy: SeedPolicy) {
        #expect(SeedPolicy(text) == policy)
    }

    /// Swift's `UInt64("+5")` is 5; the API says digits only.
    @Test("anything but digits, or past 2^64 - 1, is refused", arguments: [
        "+5", "-1", " 5", "5 ", "", "1e3", "0x10", "18446744073709551616", "Per-task",
    ])
    func refuses(text: String) {
        #expect(SeedPolicy(text) == nil)
    }
}
