import GridCore
import Testing

@Suite struct JobStateTests {
    /// Every legal transition, written independently of the implementation.
    static let legal: [JobState: [JobEvent: JobState]] = [
        .queued: [
            .taskStarted: .running, .cancel: .cancelled, .deadlinePassed: .expired,
            .allTasksFinished(anyFailed: true): .failed, .allTasksFinished(anyFailed: false): .completed,
        ],
        .running: [
            .taskStarted: .running,
            .allTasksFinished(anyFailed: false): .completed,
            .allTasksFinished(anyFailed: true): .failed,
            .cancel: .cancelled,
            .deadlinePassed: .expired,
        ],
    ]

    @Test(arguments: JobState.allCases)
    func everyPairFollowsTheTable(state: JobState) throws {
        for event in JobEvent.allCases {
            if let expected = Self.legal[state]?[event] {
                #expect(try state.applying(event) == expected, "\(state) + \(event)")
            } else {
                #expect(throws: TransitionError.illegal(machine: "", state: "", event: ""), "\(state) + \(event)") {
                    try state.applying(event)
                }
            }
        }
    }

    @Test func terminalStatesAcceptNothing() {
        #expect(JobState.allCases.filter(\.isTerminal) == [.completed, .failed, .cancelled, .expired])
        for state in JobState.allCases where state.isTerminal {
            #expect(Self.legal[state] == nil)
        }
    }

    @Test func messageNamesMachineStateAndEvent() {
        do {
            _ = try JobState.completed.applying(.cancel)
            Issue.record("cancel applied to a completed job")
        } catch {
            #expect(error.message == "job: cannot apply 'cancel' in state 'completed'")
            #expect(error.description == error.message)
        }
        do {
            _ = try JobState.expired.applying(.allTasksFinished(anyFailed: true))
            Issue.record("allTasksFinished applied to an expired job")
        } catch {
            #expect(error.message == "job: cannot apply 'allTasksFinished' in state 'expired'")
        }
    }

    @Test func applyMutatesOnlyOnSuccess() throws {
        var state = JobState.queued
        try state.apply(.taskStarted)
        try state.apply(.taskStarted)
        #expect(state == .running)
        try state.apply(.allTasksFinished(anyFailed: false))
        #expect(state == .completed)
        #expect(throws: TransitionError.self) { try state.apply(.deadlinePassed) }
        #expect(state == .completed)
    }

    @Test func rawValuesAreTheStateNames() {
        #expect(JobState.allCases.map(\.rawValue) == ["queued", "running", "completed", "failed", "cancelled", "expired"])
    }
}
