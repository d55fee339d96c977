import Foundation
import GridCore
import GridStore
import Testing

@Suite("Results")
struct ResultTests {
    @Test("recordResults counts new results and ignores repeats, earlier or in the same batch")
    func duplicates() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 4)
            try await store.insertJob(job, tasks: tasks)

            let first = Sample.result(job: job.id, index: 0, output: "first")
            let repeatInBatch = Sample.result(job: job.id, index: 0, output: "second")
            let two = Sample.result(job: job.id, index: 2)
            #expect(try await store.recordResults([first, repeatInBatch, two]) == 2)
            #expect(try await store.recordResults([first, two]) == 0)
            let three = Sample.result(job: job.id, index: 3)
            #expect(try await store.recordResults([Sample.result(job: job.id, index: 2, output: "late"), three]) == 1)
            #expect(try await store.recordResults([]) == 0)

            // The first result recorded for a task is the one kept.
            #expect(try await store.results(job: job.id) == [first, two, three])
            #expect(try await store.results(job: JobID()) == [])
        }
    }

    @Test("resultTotals counts results, successes and fuel in SQL, and is zero for a job with none")
    func totals() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 5)
            try await store.insertJob(job, tasks: tasks)
            #expect(try await store.resultTotals(job: job.id) == ResultTotals(count: 0, succeeded: 0, fuelUsed: 0))

            var failed = Sample.result(job: job.id, index: 4)
            failed.succeeded = false
            failed.fuelUsed = 10_000_000_000_000
            try await store.recordResults([Sample.result(job: job.id, index: 0), Sample.result(job: job.id, index: 2), failed])
            // 1,000 + 0, 1,000 + 2 and the failed run's 10^13.
            #expect(try await store.resultTotals(job: job.id) == ResultTotals(count: 3, succeeded: 2, fuelUsed: 10_000_000_002_002))
            #expect(try await store.resultTotals(job: JobID()) == ResultTotals(count: 0, succeeded: 0, fuelUsed: 0))
        }
    }

    @Test("results with empty output and full 64-bit counters round-trip")
    func roundTrip() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 1)
            try await store.insertJob(job, tasks: tasks)
            var result = Sample.result(job: job.id, index: 0)
            result.output = Data()
            result.stderr = Data()
            result.outputHash = ContentHash(of: Data())
            result.succeeded = false
            result.termination = "trapped:unreachable"
            result.fuelUsed = UInt64.max
            result.wallMicroseconds = 1 << 63
            result.peakMemoryBytes = 0
            #expect(try await store.recordResults([result]) == 1)
            #expect(try await store.results(job: job.id) == [result])
        }
    }

    @Test("a result for a task that is not stored fails the whole batch")
    func unknownTask() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 2)
            try await store.insertJob(job, tasks: tasks)
            let batch = [Sample.result(job: job.id, index: 0), Sample.result(job: job.id, index: 7)]
            await #expect(throws: StoreError.missingReference("")) {
                try await store.recordResults(batch)
            }
            #expect(try await store.results(job: job.id) == [])
        }
    }

    @Test("a thousand results in one call, across several inserts, are all stored")
    func manyResults() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 1_000)
            try await store.insertJob(job, tasks: tasks)
            let results = (0..<1_000).map { Sample.result(job: job.id, index: $0, output: "tile \($0)") }
            #expect(try await store.recordResults(results) == 1_000)
            #expect(try await store.recordResults(results) == 0)
            #expect(try await store.results(job: job.id) == results)
        }
    }

    @Test("concurrent callers share the connection without mixing their transactions")
    func concurrentCallers() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 200)
            try await store.insertJob(job, tasks: tasks)
            let results = (0..<200).map { Sample.result(job: job.id, index: $0) }
            // Twenty callers race to record overlapping batches; each task's result counts once.
            let batches = (0..<20).map { caller in Array(results[(caller * 7 % 150)...].prefix(50)) }
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for batch in batches {
                    group.addTask { try await store.recordResults(batch) }
                }
                return try await group.reduce(0, +)
            }
            let expected = Set(batches.joined().map(\.index))
            let stored = try await store.results(job: job.id)
            #expect(counts == expected.count)
            #expect(stored.map(\.index) == expected.sorted())
        }
    }
}
