import Foundation
import GridCore
import GridLedger
import GridStore
import Testing

@Suite("Settlement commits")
struct SettlementTests {
    private static func replica(
        of result: ResultRecord, verdict: ReplicaVerdict, worker: WorkerID = WorkerID(), at milliseconds: Int64
    ) -> ReplicaRecord {
        ReplicaRecord(
            replica: ReplicaID(), job: result.job, index: result.index, worker: worker, provider: AccountID(),
            termination: "exited:0", succeeded: true, outputHash: ContentHash(of: Data("other".utf8)), fuelUsed: 9,
            wallMicroseconds: 11, peakMemoryBytes: 65_536, stderrHash: ContentHash(of: Data()),
            signature: Data(repeating: 7, count: 64), signatureChecked: true, verdict: verdict,
            recordedAt: Sample.date(milliseconds))
    }

    @Test("one commit writes jobs, results, the other replicas, job ends and flags; the accepted replica's evidence is its result")
    func wholeBatch() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 2)
            var accepted = Sample.result(job: job.id, index: 0)
            accepted.provider = AccountID()
            accepted.signatureChecked = true
            let dissent = Self.replica(of: accepted, verdict: .dissented, at: 4_000)
            let late = Self.replica(of: accepted, verdict: .late, at: 9_000)
            let worker = WorkerID()
            let batch = SettlementBatch(
                jobs: [NewJob(job: job, tasks: tasks)], results: [accepted], replicas: [dissent, late],
                jobEnds: [JobEnd(job: job.id, state: .failed, finishedAt: Sample.date(10_000))],
                flags: [WorkerFlag(worker: worker, reason: "lied", flaggedAt: Sample.date(10_000))])
            #expect(try await store.commit(batch).newResults == 1)

            #expect(try await store.results(job: job.id) == [accepted])
            // By task, then in the order judged: the dissent (4 s), the accepted result (5 s), the late one (9 s).
            let evidence = try await store.replicas(job: job.id)
            #expect(evidence.map(\.verdict) == [.dissented, .accepted, .late])
            #expect(evidence[1] == accepted.evidence)
            #expect(evidence[1].provider == accepted.provider && evidence[1].signatureChecked)
            #expect(evidence[1].stderrHash == ContentHash(of: accepted.stderr))
            #expect(evidence[0] == dissent && evidence[2] == late)
            #expect(try await store.job(job.id)?.state == .failed)
            #expect(try await store.job(job.id)?.finishedAt == Sample.date(10_000))
            #expect(try await store.flaggedWorkers() == [worker])
            #expect(try await store.tasks(job: job.id) == tasks)
        }
    }

    @Test("each append keeps the signed checkpoint of every row in its own transaction; rows written without one stop the next append")
    func theCheckpointIsKeptWithTheRows() async throws {
        try await withTemporaryStore { store in
            let ops = Sample.account("ops", role: .operator)
            let alice = Sample.account()
            try await store.createAccount(ops, apiKeyHash: Sample.keyHash())
            try await store.createAccount(alice, apiKeyHash: Sample.keyHash())
            #expect(try await store.latestLedgerCheckpoint() == nil)

            let signer = try NoteSigner.generate(name: "test.example/log")
            store.signLedger(with: signer)
            func kept() async throws -> Checkpoint {
                let note = try SignedNote(parsing: try #require(try await store.latestLedgerCheckpoint()))
                try note.verify(by: [signer.verifier])
                return try Checkpoint(text: note.text)
            }
            func tree() async throws -> MerkleTree<InMemoryMerkleHashStorage> {
                var tree = MerkleTree<InMemoryMerkleHashStorage>()
                for hash in try await store.ledgerLeafHashes(from: 0, limit: 100) { _ = try tree.append(leafHash: hash) }
                return tree
            }
            _ = try await store.mint(NewDeposit(amount: Amount(baseUnits: 2)), to: alice.id, by: ops.id, at: Sample.date(2))
            var checkpoint = try await kept()
            var root = try await tree().root
            #expect(checkpoint.size == 1 && checkpoint.rootHash == root)
            // Later ones go on from the kept frontier.
            for amount in 3...7 {
                _ = try await store.mint(NewDeposit(amount: Amount(baseUnits: Int128(amount))), to: alice.id, by: ops.id, at: Sample.date(Int64(amount)))
            }
            checkpoint = try await kept()
            root = try await tree().root
            #expect(checkpoint.size == 6 && checkpoint.rootHash == root)

            // A row written straight into the table: the next append names it and changes nothing.
            let forged = MerkleHash.leaf(Array("forged".utf8))
            try await store.execute(rawSQL: """
                INSERT INTO ledger_rows (idx, at, kind, entry, leaf_hash) VALUES (6, 8, 'mint', X'00', X'\(forged.hex)')
                """)
            let after = await #expect(throws: StoreError.self) {
                try await store.mint(NewDeposit(amount: Amount(baseUnits: 100)), to: alice.id, by: ops.id, at: Sample.date(9))
            }
            #expect(after?.message.contains("the last checkpoint signs 6 ledger rows but the ledger holds 7") == true, "\(after?.message ?? "")")
            #expect(try await store.balance(of: alice.id)?.available == Amount(baseUnits: 27))
            #expect(try await kept() == checkpoint)

            // A kept frontier that is not whole hashes is named, not folded.
            try await store.execute(rawSQL: "UPDATE ledger_checkpoint SET size = 7, frontier = X'00'")
            let garbled = await #expect(throws: StoreError.self) {
                try await store.mint(NewDeposit(amount: Amount(baseUnits: 100)), to: alice.id, by: ops.id, at: Sample.date(9))
            }
            #expect(garbled?.message.contains("ledger_checkpoint.frontier") == true && garbled?.message.contains("1 bytes is not a whole number of hashes") == true,
                    "\(garbled?.message ?? "")")
            #expect(try await store.balance(of: alice.id)?.available == Amount(baseUnits: 27))

            // The checkpoint removed, to hide rewritten rows: the same.
            try await store.execute(rawSQL: "DELETE FROM ledger_checkpoint")
            let removed = await #expect(throws: StoreError.self) {
                try await store.mint(NewDeposit(amount: Amount(baseUnits: 100)), to: alice.id, by: ops.id, at: Sample.date(9))
            }
            #expect(removed?.message.contains("the ledger holds 7 rows but no checkpoint signs them") == true, "\(removed?.message ?? "")")
            #expect(try await store.balance(of: alice.id)?.available == Amount(baseUnits: 27))
        }
    }

    @Test("a batch with an end for a job that is not stored writes nothing and names the job")
    func unknownJobEndRollsBack() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 1)
            let stranger = JobID()
            let batch = SettlementBatch(
                jobs: [NewJob(job: job, tasks: tasks)], results: [Sample.result(job: job.id, index: 0)],
                jobEnds: [JobEnd(job: stranger, state: .completed, finishedAt: Sample.date(1))])
            let error = await #expect(throws: StoreError.self) { try await store.commit(batch) }
            #expect(error == .jobNotFound("") && error?.message.contains(stranger.description) == true)
            #expect(try await store.job(job.id) == nil)
            #expect(try await store.results(job: job.id) == [])
        }
    }

    @Test("a job that ends twice in one batch keeps its later end")
    func laterEndWins() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: 1)
            try await store.insertJob(job, tasks: tasks)
            try await store.commit(SettlementBatch(jobEnds: [
                JobEnd(job: job.id, state: .running, finishedAt: nil),
                JobEnd(job: job.id, state: .cancelled, finishedAt: Sample.date(77)),
            ]))
            #expect(try await store.job(job.id)?.state == .cancelled)
            #expect(try await store.job(job.id)?.finishedAt == Sample.date(77))
        }
    }

    @Test("batches larger than one statement's rows are written whole: 1,200 tasks, 250 results, 230 replicas, 150 job ends")
    func manyRows() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (big, bigTasks) = Sample.job(owner: owner.id, module: module, taskCount: 1_200)
            let small = (0..<149).map { index in
                Sample.job(owner: owner.id, module: module, taskCount: 1, createdAt: Sample.date(Int64(index)))
            }
            let results = (0..<250).map { Sample.result(job: big.id, index: $0) }
            let replicas = results.prefix(230).map { Self.replica(of: $0, verdict: .agreed, at: 6_000) }
            let ends = ([big.id] + small.map(\.job.id)).map { JobEnd(job: $0, state: .expired, finishedAt: Sample.date(8_000)) }
            let batch = SettlementBatch(
                jobs: [NewJob(job: big, tasks: bigTasks)] + small.map { NewJob(job: $0.job, tasks: $0.tasks) },
                results: results, replicas: Array(replicas), jobEnds: ends)
            #expect(try await store.commit(batch).newResults == 250)
            #expect(try await store.tasks(job: big.id) == bigTasks)
            #expect(try await store.results(job: big.id) == results)
            #expect(try await store.replicas(job: big.id).count == 480)
            for (job, _) in small {
                #expect(try await store.job(job.id)?.state == .expired)
            }
            // Written again, nothing is new and nothing changes.
            #expect(try await store.commit(SettlementBatch(results: results, replicas: Array(replicas))).newResults == 0)
            #expect(try await store.replicas(job: big.id).count == 480)
        }
    }

    @Test("migration 0006 moves the accepted replica's provider and signature check into its result row")
    func acceptedEvidenceMigration() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        do {
            try await store.migrate(Array(StoreMigration.all.prefix { $0.name != "0006-accepted-evidence-in-results" }))
            // As a build of that time stored them: the later migrations' tables do not exist yet.
            let owner = Sample.account()
            try await store.execute(rawSQL: "INSERT INTO accounts (id, name, role, created_at) VALUES ('\(owner.id)', 'alice', 'client', 0)")
            let module = ContentHash(of: Data("module".utf8))
            try await store.execute(rawSQL: "INSERT INTO blobs (hash, bytes, size, created_at) VALUES ('\(module.hex)', X'00', 1, 0)")
            let (job, _) = Sample.job(owner: owner.id, module: module, taskCount: 2)
            try await store.execute(rawSQL: """
                INSERT INTO jobs (id, owner, module, limits, replicas, seed_policy, state, task_count, created_at)
                VALUES ('\(job.id)', '\(owner.id)', '\(module.hex)', '{}', 1, '"perTask"', 'running', 2, 0)
                """)
            for index in 0..<2 {
                try await store.execute(rawSQL: "INSERT INTO tasks (job_id, idx, stdin, arguments, seed) VALUES ('\(job.id)', \(index), X'', '[]', 0)")
            }
            let provider = AccountID()
            let result = Sample.result(job: job.id, index: 0)
            let unrecorded = Sample.result(job: job.id, index: 1)
            for (row, replica) in [(result, true), (unrecorded, false)] {
                try await store.execute(rawSQL: """
                    INSERT INTO results (job_id, idx, replica_id, worker_id, termination, succeeded, output, stderr,
                        output_hash, fuel_used, wall_us, peak_memory, signature, recorded_at)
                    VALUES ('\(job.id)', \(row.index), '\(row.replica)', '\(row.worker)', 'exited:0', 1,
                        X'\(row.output.hex)', X'\(row.stderr.hex)', '\(row.outputHash.hex)', \(row.fuelUsed), 250, 65536,
                        X'\(row.signature.hex)', \(Int64(row.recordedAt.timeIntervalSince1970 * 1000)))
                    """)
                guard replica else { continue }
                try await store.execute(rawSQL: """
                    INSERT INTO replica_results (replica_id, job_id, idx, worker_id, provider, termination, succeeded,
                        output_hash, fuel_used, wall_us, peak_memory, stderr_hash, signature, signature_checked, verdict, recorded_at)
                    VALUES ('\(row.replica)', '\(job.id)', 0, '\(row.worker)', '\(provider)', 'exited:0', 1,
                        '\(row.outputHash.hex)', \(row.fuelUsed), 250, 65536, '\(ContentHash(of: row.stderr).hex)',
                        X'\(row.signature.hex)', 1, 'accepted', 1)
                    """)
            }
            let dissent = Self.replica(of: result, verdict: .dissented, at: 1)
            try await store.commit(SettlementBatch(replicas: [dissent]))

            try await store.migrate()
            var expected = result
            expected.provider = provider
            expected.signatureChecked = true
            #expect(try await store.results(job: job.id) == [expected, unrecorded])
            // The accepted replica is listed once, from its result; the dissent stays.
            #expect(try await store.replicas(job: job.id).map(\.verdict) == [.dissented, .accepted, .accepted])
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}

extension Data {
    /// Lowercase hex, for blob literals in raw SQL.
    fileprivate var hex: String { map { String(format: "%02x", $0) }.joined() }
}
