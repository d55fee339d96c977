import GridWorker
import Testing

@Suite struct IdlePolicyTests {
    @Test func hoursParseAndWrapPastMidnight() throws {
        let night = try #require(IdlePolicy.parseHours("22-7"))
        let policy = IdlePolicy(hours: night)
        #expect(policy.pauseReason(otherCPUPercent: 0, hour: 23) == nil)
        #expect(policy.pauseReason(otherCPUPercent: 0, hour: 3) == nil)
        #expect(policy.pauseReason(otherCPUPercent: 0, hour: 7) == "outside the allowed hours 22-7")
        #expect(policy.pauseReason(otherCPUPercent: 0, hour: 12) != nil)
        let office = IdlePolicy(hours: IdlePolicy.parseHours("9-17"))
        #expect(office.pauseReason(otherCPUPercent: 0, hour: 9) == nil)
        #expect(office.pauseReason(otherCPUPercent: 0, hour: 17) != nil)
    }

    @Test(arguments: ["", "7", "22-", "-7", "25-3", "3-3", "a-b", "1-2-3"])
    func badHoursAreRefused(text: String) {
        #expect(IdlePolicy.parseHours(text) == nil)
    }

    @Test func otherProgramsAboveTheLimitPauseTheWorker() {
        let policy = IdlePolicy(maxOtherCPUPercent: 25)
        #expect(policy.pauseReason(otherCPUPercent: 25, hour: 12) == nil)
        #expect(policy.pauseReason(otherCPUPercent: 26, hour: 12) == "other programs use 26% of the CPU (limit 25%)")
        #expect(IdlePolicy().pauseReason(otherCPUPercent: 100, hour: 12) == nil)
    }
}
