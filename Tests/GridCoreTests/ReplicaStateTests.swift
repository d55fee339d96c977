import GridCore
import Testing

@Suite struct ReplicaStateTests {
    /// Every legal transition, written independently of the implementation.
    static let legal: [ReplicaState: [ReplicaEvent: ReplicaState]] = [
        .queued: [.assign: .assigned, .cancel: .cancelled],
        .assigned: [.acknowledge: .acknowledged, .lose: .lost, .timeOut: .timedOut, .fail: .failed, .cancel: .cancelled],
        .acknowledged: [.report: .reported, .lose: .lost, .timeOut: .timedOut, .fail: .failed, .cancel: .cancelled],
        .reported: [.judge(valid: true): .valid, .judge(valid: false): .invalid, .cancel: .cancelled],
    ]

    @Test(arguments: ReplicaState.allCases)
    func everyPairFollowsTheTable(state: ReplicaState) throws {
        for event in ReplicaEvent.allCases {
            if let expected = Self.legal[state]?[event] {
                #expect(try state.applying(event) == expected, "\(state) + \(event)")
            } else {
                #expect(throws: TransitionError.illegal(machine: "", state: "", event: ""), "\(state) + \(event)") {
                    try state.applying(event)
                }
            }
        }
    }

    @Test func terminalAndRequeueSets() {
        #expect(ReplicaState.allCases.filter(\.isTerminal) == [.valid, .invalid, .lost, .timedOut, .failed, .cancelled])
        #expect(ReplicaState.allCases.filter(\.needsRequeue) == [.lost, .timedOut, .failed])
        for state in ReplicaState.allCases where state.isTerminal {
            #expect(Self.legal[state] == nil)
        }
    }

    @Test func happyPath() throws {
        var state = ReplicaState.queued
        for event in [ReplicaEvent.assign, .acknowledge, .report, .judge(valid: false)] {
            try state.apply(event)
        }
        #expect(state == .invalid)
        #expect(!state.needsRequeue)
    }

    @Test func messageNamesMachineStateAndEvent() {
        do {
            _ = try ReplicaState.timedOut.applying(.report)
            Issue.record("report applied to a timed-out replica")
        } catch {
            #expect(error.message == "replica: cannot apply 'report' in state 'timedOut'")
        }
        do {
            _ = try ReplicaState.queued.applying(.judge(valid: true))
        } catch {
            #expect(error.message == "replica: cannot apply 'judge' in state 'queued'")
        }
    }
}
