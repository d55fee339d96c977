import Foundation
import GridCore
import GridStore
import Testing

@Suite("Jobs and tasks")
struct JobTests {
    @Test("a job and its tasks round-trip, full 64-bit seeds and empty stdin included")
    func roundTrip() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let limits = try Limits(fuel: 123_456_789, memoryBytes: 1 << 20, wallClockMilliseconds: 1_500, outputBytes: 4_096)
            let job = JobRecord(
                owner: owner.id, module: module, limits: limits, replicas: 3, seedPolicy: .fixed(UInt64.max),
                taskCount: 3, createdAt: Sample.date(42), deadline: Sample.date(3_600_000))
            let tasks = [
                TaskRecord(job: job.id, index: 0, stdin: Data(), arguments: [], seed: 1 << 63),
                TaskRecord(job: job.id, index: 1, stdin: Data([0, 255, 7]), arguments: ["a b", "ü", ""], seed: UInt64.max),
                TaskRecord(job: job.id, index: 2, stdin: Data("x".utf8), arguments: ["--n", "2"], seed: 0),
            ]
            try await store.insertJob(job, tasks: tasks.reversed())
            #expect(try await store.job(job.id) == job)
            #expect(try await store.tasks(job: job.id) == tasks)
            #expect(try await store.job(JobID()) == nil)
            #expect(try await store.tasks(job: JobID()) == [])
        }
    }

    @Test("a job of 10,000 tasks is stored whole")
    func manyTasks() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 10_000)
            try await store.insertJob(job, tasks: tasks)
            #expect(try await store.tasks(job: job.id) == tasks)
        }
    }

    @Test("a job naming an unknown owner or module is refused and leaves nothing behind")
    func missingReference() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let strangers = Sample.job(owner: AccountID(), module: module)
            await #expect(throws: StoreError.missingReference("")) {
                try await store.insertJob(strangers.job, tasks: strangers.tasks)
            }
            #expect(try await store.job(strangers.job.id) == nil)
            #expect(try await store.tasks(job: strangers.job.id) == [])

            let noModule = Sample.job(owner: owner.id, module: ContentHash(of: Data("absent".utf8)))
            await #expect(throws: StoreError.missingReference("")) {
                try await store.insertJob(noModule.job, tasks: noModule.tasks)
            }
        }
    }

    @Test("tasks that do not match the job are refused")
    func invalidTasks() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 3)
            await #expect(throws: StoreError.invalidRecord("")) {
                try await store.insertJob(job, tasks: Array(tasks.dropLast()))
            }
            let other = Sample.job(owner: owner.id, module: module, taskCount: 1)
            await #expect(throws: StoreError.invalidRecord("")) {
                try await store.insertJob(job, tasks: Array(tasks.dropLast()) + other.tasks)
            }
            var repeated = tasks
            repeated[2].index = 1
            await #expect(throws: StoreError.duplicate("")) {
                try await store.insertJob(job, tasks: repeated)
            }
            #expect(try await store.job(job.id) == nil)
        }
    }

    @Test("a job id already stored is refused")
    func duplicateJob() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module)
            try await store.insertJob(job, tasks: tasks)
            await #expect(throws: StoreError.duplicate("")) {
                try await store.insertJob(job, tasks: tasks)
            }
        }
    }

    @Test("an owner's jobs page newest first, with the cursor excluded and ties broken by id")
    func paging() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let other = Sample.account("bob")
            try await store.createAccount(other, apiKeyHash: Sample.keyHash())
            // Seven jobs; three share one creation time, so the id must order them.
            let times: [Int64] = [10, 20, 30, 30, 30, 40, 50]
            var stored: [JobRecord] = []
            for time in times {
                let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 1, createdAt: Sample.date(time))
                try await store.insertJob(job, tasks: tasks)
                stored.append(job)
                let (foreign, foreignTasks) = Sample.job(owner: other.id, module: module, taskCount: 1, createdAt: Sample.date(time))
                try await store.insertJob(foreign, tasks: foreignTasks)
            }
            let expected = stored.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }

            var pages: [[JobRecord]] = []
            var cursor: JobID?
            // Bounded, so a cursor that revisits rows fails the test instead of looping forever.
            repeat {
                let page = try await store.jobs(owner: owner.id, after: cursor, limit: 2)
                pages.append(page)
                cursor = page.last?.id
            } while cursor != nil && pages.count < 10
            #expect(pages.map(\.count) == [2, 2, 2, 1, 0])
            #expect(pages.flatMap { $0 } == expected)
            #expect(try await store.jobs(owner: owner.id, after: nil, limit: 0) == [])
        }
    }

    @Test("a cursor that is not one of the owner's jobs is refused")
    func foreignCursor() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let other = Sample.account("bob")
            try await store.createAccount(other, apiKeyHash: Sample.keyHash())
            let (foreign, tasks) = Sample.job(owner: other.id, module: module)
            try await store.insertJob(foreign, tasks: tasks)
            await #expect(throws: StoreError.jobNotFound("")) {
                try await store.jobs(owner: owner.id, after: foreign.id, limit: 10)
            }
            await #expect(throws: StoreError.jobNotFound("")) {
                try await store.jobs(owner: owner.id, after: JobID(), limit: 10)
            }
        }
    }

    @Test("updateJob sets the state and finish time; an unknown job is an error")
    func update() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module)
            try await store.insertJob(job, tasks: tasks)

            try await store.updateJob(job.id, state: .running, finishedAt: nil)
            #expect(try await store.job(job.id)?.state == .running)
            #expect(try await store.job(job.id)?.finishedAt == nil)

            try await store.updateJob(job.id, state: .completed, finishedAt: Sample.date(9_999))
            var expected = job
            expected.state = .completed
            expected.finishedAt = Sample.date(9_999)
            #expect(try await store.job(job.id) == expected)

            await #expect(throws: StoreError.jobNotFound("")) {
                try await store.updateJob(JobID(), state: .failed, finishedAt: Sample.date(1))
            }
        }
    }

    @Test("unfinishedJobs lists queued and running jobs, oldest first")
    func unfinished() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            var open: [JobRecord] = []
            for (offset, state) in JobState.allCases.reversed().enumerated() {
                let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 1,
                                              createdAt: Sample.date(Int64(offset)), state: state)
                try await store.insertJob(job, tasks: tasks)
                if !state.isTerminal { open.append(job) }
            }
            #expect(open.count == 2)
            #expect(try await store.unfinishedJobs() == open)
        }
    }

    @Test("a damaged job row is reported, not trusted", arguments: [
        "module = 'not-a-hash'", "state = 'paused'", "limits = '{\"fuel\": 0}'", "owner = 'nobody'",
        "seed_policy = 'fixed'", "created_at = 'yesterday'",
    ])
    func corruptRow(damage: String) async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module)
            try await store.insertJob(job, tasks: tasks)
            // Foreign keys would refuse some of these edits; switch them off as a hand edit might.
            try await store.execute(rawSQL: "PRAGMA foreign_keys=OFF")
            try await store.execute(rawSQL: "UPDATE jobs SET \(damage) WHERE id = '\(job.id)'")
            await #expect(throws: StoreError.corruptRow(table: "", column: "", detail: "")) {
                try await store.job(job.id)
            }
        }
    }

    @Test("a damaged task row is reported, not trusted")
    func corruptTask() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module)
            try await store.insertJob(job, tasks: tasks)
            try await store.execute(rawSQL: "UPDATE tasks SET arguments = 'not json' WHERE idx = 1")
            await #expect(throws: StoreError.corruptRow(table: "", column: "", detail: "")) {
                try await store.tasks(job: job.id)
            }
        }
    }
}
