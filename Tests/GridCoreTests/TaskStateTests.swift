import GridCore
import Testing

@Suite struct TaskStateTests {
    static let givenUp = TaskEvent.givenUp(reason: "retries exhausted")

    /// Every legal transition, written independently of the implementation.
    static let legal: [TaskState: [TaskEvent: TaskState]] = [
        .pending: [.replicaDispatched: .running, givenUp: .failed, .cancel: .cancelled],
        .running: [
            .replicaDispatched: .running, .allReplicasLost: .pending, .resultsSufficient: .verifying,
            givenUp: .failed, .cancel: .cancelled,
        ],
        .verifying: [.needMoreReplicas: .running, .accepted: .succeeded, givenUp: .failed, .cancel: .cancelled],
    ]

    @Test(arguments: TaskState.allCases)
    func everyPairFollowsTheTable(state: TaskState) throws {
        for event in TaskEvent.allCases {
            if let expected = Self.legal[state]?[event] {
                #expect(try state.applying(event) == expected, "\(state) + \(event)")
            } else {
                #expect(throws: TransitionError.illegal(machine: "", state: "", event: ""), "\(state) + \(event)") {
                    try state.applying(event)
                }
            }
        }
    }

    @Test func givenUpFailsWhateverTheReason() throws {
        #expect(try TaskState.verifying.applying(.givenUp(reason: "guest trapped: unreachable")) == .failed)
        #expect(throws: TransitionError.self) { try TaskState.succeeded.applying(.givenUp(reason: "late")) }
    }

    @Test func terminalStatesAcceptNothing() {
        #expect(TaskState.allCases.filter(\.isTerminal) == [.succeeded, .failed, .cancelled])
        for state in TaskState.allCases where state.isTerminal {
            #expect(Self.legal[state] == nil)
        }
    }

    @Test func aLostReplicaRequeuesAndADisagreementAddsReplicas() throws {
        var state = TaskState.pending
        for event in [TaskEvent.replicaDispatched, .replicaDispatched, .allReplicasLost, .replicaDispatched, .resultsSufficient,
                      .needMoreReplicas, .replicaDispatched, .resultsSufficient, .accepted] {
            try state.apply(event)
        }
        #expect(state == .succeeded)
        #expect(throws: TransitionError.self) { try state.apply(.cancel) }
        #expect(state == .succeeded)
    }

    @Test func messageNamesMachineStateAndEvent() {
        do {
            _ = try TaskState.pending.applying(.givenUp(reason: "x")).applying(.accepted)
            Issue.record("accepted applied to a failed task")
        } catch {
            #expect(error.message == "task: cannot apply 'accepted' in state 'failed'")
        }
    }
}
