import GridCore
import GridSandbox
import Testing

/// Fuel counts and output hashes recorded from runs on this engine (`Sandbox.determinismClass`).
///
/// Two runs in one process agreeing proves little; these figures must also agree with every
/// earlier build. If one changes, replicas built before and after the change would disagree:
/// that is a new determinism class, never a silent update of these numbers.
@Suite("Outcomes are pinned across builds")
struct PinnedOutcomeTests {
    let sandbox = Sandbox()

    @Test(arguments: [
        ("primes", ["1000000"], UInt64(0), UInt64(67_273_760), "7943af8bac83d281b7dd4f7e228ae892f08420209222d3d5ea8798ab918dbbbd"),
        ("montecarlo-pi", ["200000"], 1, 46_341_886, "c86d125c9129e47f0996827a5c7985414ec984d6766ab9a44fb8b3b2571667ae"),
        ("mandelbrot", ["1024", "768", "256", "192", "96", "64", "256"], 0, 1_573_610, "30d926a7f51f676e0b62b18151fc05ef7040c7b6aed240b064d5b4d59fe33794"),
        ("clock", [], 0, 140_245, "ea3006e9e439062363ccc235933952ab3fc02fc4891cebec791096e14d6b2940"),
    ] as [(String, [String], UInt64, UInt64, String)])
    func pinned(guest: String, arguments: [String], seed: UInt64, fuel: UInt64, outputHash: String) throws {
        let outcome = try sandbox.run(guest: guest, arguments, seed: seed)
        #expect(outcome.termination == .exited(code: 0))
        #expect(outcome.fuelUsed == fuel)
        #expect(outcome.outputHash.hex == outputHash)
    }

    @Test func theClockGuestSeesTheVirtualClock() throws {
        let outcome = try sandbox.run(guest: "clock")
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == "1735689600000000105\n891\n1735689600000138681\n139467\n1\n1\n")
    }

    @Test func twoRunsAgreeInEverythingButWallTime() throws {
        let first = try sandbox.run(guest: "montecarlo-pi", ["5000"], seed: 3)
        let second = try Sandbox().run(guest: "montecarlo-pi", ["5000"], seed: 3)
        #expect(first.agrees(with: second))
        let otherSeed = try sandbox.run(guest: "montecarlo-pi", ["5000"], seed: 4)
        #expect(!first.agrees(with: otherSeed))
    }
}
