import Foundation
import GridCoordinator
import Logging
import GridClient
import GridCore
import GridLedger
import GridStore
import Testing

@Suite("Jobs are billed through escrow and every money event is a row of a log anyone can verify")
struct BillingTests {
    @Test func aJobHoldsEscrowChargesEachReplicaReleasesTheRestAndTheLogVerifies() async throws {
        // Workers bid the base fee, so half of each charge is burned, half paid out.
        try await TestNetwork.with(workers: 2, workerPrices: TestNetwork.bidOfTheBaseFee(Pricing.Configuration())) { network in
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let before = try await network.client.statement().balance
            let job = try await network.client.submit(
                JobSubmission(module: module.hash, tasks: Array(repeating: TaskInput(), count: 4), replicas: 2), wait: .seconds(20))
            #expect(job.state == .completed)
            // A completed job is over for its client at once; its release follows in the next commit.
            try await waitUntil("the job's escrow is released") { try await network.client.statement().balance.held == .zero }
            try await waitUntil("the log holds the release") { try await network.client.ledgerRows().size == 11 }

            // The client paid exactly what was charged; nothing stays held once the job ended.
            let after = try await network.client.statement()
            #expect(after.balance.held == .zero)
            let kinds = after.history.map(\.kind)
            #expect(kinds.filter { $0 == .hold }.count == 1 && kinds.filter { $0 == .charge }.count == 8 && kinds.filter { $0 == .release }.count == 1)
            let paid = try before.available - after.balance.available
            let charged = after.history.filter { $0.kind == .charge }.reduce(Int128(0)) { $0 - $1.change.held }
            #expect(paid.baseUnits == charged && charged > 0)

            // The provider's share is pending; the burn holds the base fee; the supply adds up.
            let provider = try await network.providerClient.statement()
            #expect(provider.balance.pending.baseUnits > 0)
            let supply = try await network.store.moneySupply()
            #expect(supply.burned.baseUnits > 0)
            #expect(supply.isConserved)

            // An auditor: the checkpoint is signed by the published key, and the root rebuilt from
            // the entry bundles matches it; every row decodes.
            let key = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/ledger/key")
            let verifier = try NoteVerifier(verifierKey: String(decoding: key.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            let note = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/ledger/checkpoint")
            let checkpoint = try Checkpoint.open(note: String(decoding: note.body, as: UTF8.self), verifiers: [verifier])
            #expect(checkpoint.size == 11, "a mint, a hold, 8 charges and a release")
            var tree = MerkleTree<InMemoryMerkleHashStorage>()
            for bundle in Tile.entryBundles(treeSize: checkpoint.size) {
                let answer = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/ledger/\(bundle.path)")
                #expect(answer.status == 200)
                let entries = try EntryBundle(decoding: answer.body, width: bundle.width).entries
                for entry in entries {
                    _ = try LedgerRow(decoding: entry)
                    _ = try tree.append(entry: entry)
                }
            }
            #expect(tree.root == checkpoint.rootHash)
            let proof = try await RawHTTP.send(.GET, "\(network.baseURL)/v1/ledger/proof/inclusion?index=3&size=\(checkpoint.size)")
            let hashes = try (proof.json?["hashes"] as? [String] ?? []).map { try MerkleHash(base64: $0) }
            try InclusionProof(leafIndex: 3, treeSize: checkpoint.size, hashes: hashes)
                .verify(leafHash: tree.leafHash(index: 3), root: checkpoint.rootHash)
        }
    }

    @Test func everyReplicaOfAThreeWayQuorumIsChargedAndPaidNotOnlyTheFirstTwoThatAgree() async throws {
        // Before, the third replica was called off once two agreed: the client paid for two.
        try await TestNetwork.with(workers: 3, workerPrices: TestNetwork.bidOfTheBaseFee(Pricing.Configuration())) { network in
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let job = try await network.client.submit(
                JobSubmission(module: module.hash, tasks: Array(repeating: TaskInput(), count: 2), replicas: 3), wait: .seconds(20))
            #expect(job.state == .completed)
            try await waitUntil("the job's escrow is released") { try await network.client.statement().balance.held == .zero }
            let history = try await network.client.statement().history
            let charges = history.filter { $0.kind == .charge }
            #expect(charges.count == 6, "\(history.map(\.kind))")
            #expect(Set(charges.map(\.change.held)).count == 1, "every replica ran the same fuel and is charged the same")
            let replicas = try await network.store.replicas(job: job.id)
            #expect(replicas.map(\.verdict).filter { $0 == .accepted }.count == 2)
            #expect(replicas.map(\.verdict).filter { $0 == .agreed }.count == 4)
            #expect(try await network.store.moneySupply().isConserved)
        }
    }

    @Test func aJobTheClientCannotAffordAnswers402AndHoldsNothing() async throws {
        try await TestNetwork.with(workers: 1, clientFunds: Amount(baseUnits: 5)) { network in
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let answer = try await RawHTTP.send(
                .POST, "\(network.baseURL)/v1/jobs", body: #"{"module":"\#(module.hash.hex)","tasks":[{}]}"#, key: network.client.apiKey)
            #expect(answer.status == 402)
            #expect(answer.json?["available"] as? String == "5")
            #expect((answer.json?["needed"] as? String).flatMap { Int128($0) }.map { $0 > 5 } == true)
            let statement = try await network.client.statement()
            #expect(statement.balance == AccountBalance(available: Amount(baseUnits: 5)))
            #expect(try await network.client.jobs().jobs.isEmpty)
            #expect(try await network.store.moneySupply().isConserved)
        }
    }

    @Test func aQuoteIsWhatTheJobHoldsAndACapNoWorkerMeetsIsRefusedUnlessItWaits() async throws {
        // One worker bidding the base fee: its price is twice the base fee, the default cap.
        try await TestNetwork.with(workers: 1, workerPrices: TestNetwork.bidOfTheBaseFee(Pricing.Configuration())) { network in
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let job = JobSubmission(module: module.hash, tasks: [TaskInput(), TaskInput(), TaskInput()], replicas: 1)
            let quote = try await network.client.quote(job)
            // The bid is the base fee in whole base units per fuel: the price is at most the cap.
            let cheapest = try #require(quote.cheapestPrice)
            #expect(quote.affordable && cheapest <= quote.pricePerFuel && cheapest.baseUnitsPerExafuel > quote.baseFee.baseUnitsPerExafuel)
            #expect(quote.fits && quote.workersUnderCap == 1)
            #expect(quote.maximumCost == (try quote.pricePerFuel.maximumCost(fuelLimit: Limits.standard.fuel, replicas: 1, tasks: 3)))
            #expect(try await network.client.statement().balance.held == .zero, "a quote holds nothing")
            let submitted = try await network.client.submit(job)
            let hold = try #require(try await network.client.statement().history.first { $0.kind == .hold && $0.job == submitted.id })
            #expect(hold.change.held == quote.maximumCost.baseUnits)

            // A cap below the only worker's price: refused naming the cheapest, or queued to wait.
            let base = quote.baseFee
            let cheap = JobSubmission(module: module.hash, tasks: [TaskInput()], maxPricePerFuel: base)
            // The quote says so before anything is submitted.
            let cheapQuote = try await network.client.quote(cheap)
            #expect(!cheapQuote.fits && cheapQuote.workersUnderCap == 0 && cheapQuote.affordable)
            let refused = await #expect(throws: Problem.self) { try await network.client.submit(cheap) }
            #expect(refused?.status == 409 && refused?.field == "maxPricePerFuel" && refused?.cheapestPrice == quote.cheapestPrice)
            var waiting = cheap
            waiting.waitForPrice = true
            let parked = try await network.client.submit(waiting)
            try await waitUntil("the job says why it waits") {
                try await network.client.job(parked.id).waitingReason?.contains("cap") == true
            }
            // An unaffordable quote says so; it is not refused.
            let huge = JobSubmission(
                module: module.hash, tasks: [TaskInput()], maxPricePerFuel: try PricePerFuel(perFuel: Amount(baseUnits: Amount.baseUnitsPerGRID)))
            let costly = try await network.client.quote(huge)
            #expect(!costly.affordable && costly.maximumCost > costly.available)
            for body in [#""maxPricePerFuel":"-1""#, #""maxPricePerFuel":7"#, #""maxPricePerFuel":"1.5""#] {
                let answer = try await RawHTTP.send(
                    .POST, "\(network.baseURL)/v1/jobs/quote", body: #"{"module":"\#(module.hash.hex)","tasks":[{}],\#(body)}"#,
                    key: network.client.apiKey)
                #expect(answer.status == 400 && answer.json?["field"] as? String == "maxPricePerFuel", "\(body)")
            }
            _ = try await network.client.cancel(parked.id)
            try await waitUntil("the waiting job's escrow is released") {
                try await network.client.statement().balance.held == .zero
            }
            #expect(try await network.store.moneySupply().isConserved)
        }
    }

    @Test func badLedgerRequestsAreRefusedNamingTheProblem() async throws {
        try await TestNetwork.with(workers: 0) { network in
            // One row: the client's funding.
            let base = "\(network.baseURL)/v1/ledger"
            let cases: [(path: String, status: Int)] = [
                ("/proof/inclusion?index=1&size=1", 404),
                ("/proof/inclusion?index=0&size=2", 404),
                ("/proof/inclusion?index=0", 400),
                ("/proof/inclusion?index=-1&size=1", 400),
                ("/proof/inclusion?index=01&size=1", 400),
                ("/proof/consistency?from=2&to=1", 404),
                ("/proof/consistency?from=0&to=9223372036854775808", 400),
                ("/rows?from=1&to=0", 404),
                ("/rows?to=2", 404),
                ("/rows?from=0&to=1001", 404),
                ("/rows?from=2", 404),
                ("/tile/0/000", 404),
                ("/tile/entries/000.p/2", 404),
                ("/tile/entries/x", 404),
                ("/tile/64/000", 404),
            ]
            for bad in cases {
                let answer = try await RawHTTP.send(.GET, base + bad.path)
                #expect(answer.status == bad.status, "\(bad.path)")
                #expect((answer.json?["detail"] as? String)?.isEmpty == false, "\(bad.path)")
            }
            let good = try await RawHTTP.send(.GET, base + "/proof/inclusion?index=0&size=1")
            #expect(good.status == 200 && (good.json?["hashes"] as? [String]) == [])
            let rows = try await RawHTTP.send(.GET, base + "/rows")
            #expect(rows.status == 200 && (rows.json?["rows"] as? [[String: Any]])?.first?["kind"] as? String == "mint")
        }
    }
}

@Suite("A ledger changed behind the coordinator's back is caught by its auditors")
struct LedgerTamperTests {
    @Test func aRowChangedInSQLiteIsNamedAndADeletedOneIsReported() async throws {
        try await TestNetwork.with(workers: 1, workerPrices: TestNetwork.bidOfTheBaseFee(Pricing.Configuration())) { network in
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            _ = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(), TaskInput()]), wait: .seconds(20))
            try await waitUntil("the log holds the job's release") { try await network.client.ledgerRows().size == 5 }
            let clean = try await LedgerAuditor(source: network.client).audit()
            #expect(clean.checkpoint.size == 5, "a mint, a hold, two charges, a release")

            // Someone with the database file: the triggers first, then row 2's provider share.
            try await network.store.execute(rawSQL: "DROP TRIGGER ledger_rows_no_update")
            try await network.store.execute(rawSQL: "DROP TRIGGER ledger_rows_no_delete")
            try await network.store.execute(rawSQL: """
                UPDATE ledger_rows SET entry = CAST(replace(CAST(entry AS TEXT), 'pay provider', 'pay provider ') AS BLOB) WHERE idx = 2
                """)
            let changed = await #expect(throws: LedgerAuditError.self) { try await LedgerAuditor(source: network.client).audit() }
            #expect(changed?.row == 2, "\(changed?.message ?? "")")

            try await network.store.execute(rawSQL: "DELETE FROM ledger_rows WHERE idx = 3")
            let deleted = await #expect(throws: LedgerAuditError.self) { try await LedgerAuditor(source: network.client).audit() }
            #expect(deleted?.message.contains("row 3 is missing") == true, "\(deleted?.message ?? "")")
        }
    }

    @Test func theStoreRefusesToChangeOrDeleteALedgerRow() async throws {
        try await TestNetwork.with(workers: 0) { network in
            for statement in ["UPDATE ledger_rows SET kind = 'mint' WHERE idx = 0", "DELETE FROM ledger_rows WHERE idx = 0",
                              "DELETE FROM ledger_parties"] {
                let error = await #expect(throws: StoreError.self) { try await network.store.execute(rawSQL: statement) }
                #expect(error?.message.contains("ledger rows are immutable") == true, "\(statement)")
            }
            let size = try await network.store.ledgerSize()
            #expect(size == 1)
        }
    }

    /// A quiet logger, and a migrated throwaway store holding these accounts.
    static func storeWith(_ accounts: [AccountRecord]) async throws -> (SQLiteGridStore, Logger) {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe, logger: logger)
        try await store.migrate()
        for (index, account) in accounts.enumerated() {
            try await store.createAccount(account, apiKeyHash: ContentHash(of: [UInt8(index + 1)]))
        }
        return (store, logger)
    }

    @Test func aCoordinatorRefusesToStartOnMoneyThatDoesNotAddUpOrALostLedgerKey() async throws {
        let ops = AccountRecord(name: "ops", role: .operator, createdAt: Date())
        let alice = AccountRecord(name: "alice", role: .client, createdAt: Date())
        let (store, logger) = try await Self.storeWith([ops, alice])
        _ = try await store.mint(NewDeposit(amount: Amount(baseUnits: 5)), to: alice.id, by: ops.id, at: Date())

        var configuration = CoordinatorConfiguration(port: 0)
        configuration.ledgerKeyPath = FileManager.default.temporaryDirectory.appendingPathComponent("no-key-\(UUID())").path
        let lost = await #expect(throws: CoordinatorStartError.self) {
            try await Coordinator(configuration: configuration, store: store, logger: logger).run()
        }
        #expect(lost == .ledgerKeyMissing(path: "", rows: 0) && lost?.message.contains("the ledger has 1 rows") == true)
        #expect(!FileManager.default.fileExists(atPath: configuration.ledgerKeyPath!), "no new key was made")

        try await store.execute(rawSQL: "UPDATE balances SET available = '6' WHERE account_id = '\(alice.id)'")
        let broken = await #expect(throws: CoordinatorStartError.self) {
            try await Coordinator(configuration: CoordinatorConfiguration(port: 0), store: store, logger: logger).run()
        }
        #expect(broken == .storedLedgerChanged("") && broken?.message.contains("account \(alice.id)'s stored balance (available 0.000000000000000006 GRID") == true,
                "\(broken?.message ?? "")")
        try await store.close()
    }

    /// Found by a live trial: each of these passed the check that money adds up and the check of
    /// the kept checkpoint, and the coordinator served the changed data.
    @Test func aCoordinatorRefusesBalancesMovedAnEntryChangedAloneOrAMemoRewritten() async throws {
        let ops = AccountRecord(name: "ops", role: .operator, createdAt: Date())
        let alice = AccountRecord(name: "alice", role: .client, createdAt: Date())
        let poor = AccountRecord(name: "poor", role: .client, createdAt: Date())
        let (store, logger) = try await Self.storeWith([ops, alice, poor])
        _ = try await store.mint(NewDeposit(amount: Amount(baseUnits: 5), memo: "first deposit"), to: alice.id, by: ops.id, at: Date())
        _ = try await store.mint(NewDeposit(amount: Amount(baseUnits: 1_000)), to: poor.id, by: ops.id, at: Date())
        try await store.execute(rawSQL: "DROP TRIGGER ledger_rows_no_update")
        func start() async -> CoordinatorStartError? {
            await #expect(throws: CoordinatorStartError.self) {
                try await Coordinator(configuration: CoordinatorConfiguration(port: 0), store: store, logger: logger).run()
            }
        }

        // The balances swapped: the total is the same.
        try await store.execute(rawSQL: "UPDATE balances SET available = '1000' WHERE account_id = '\(alice.id)'")
        try await store.execute(rawSQL: "UPDATE balances SET available = '5' WHERE account_id = '\(poor.id)'")
        let moved = await start()
        // Either moved account may be named first: they are checked in id order, and ids are random.
        let named = [alice.id, poor.id].contains { moved?.message.contains("account \($0)'s stored balance") == true }
        #expect(moved == .storedLedgerChanged("") && named, "\(moved?.message ?? "")")
        try await store.execute(rawSQL: "UPDATE balances SET available = '5' WHERE account_id = '\(alice.id)'")
        try await store.execute(rawSQL: "UPDATE balances SET available = '1000' WHERE account_id = '\(poor.id)'")

        // Row 1's entry changed, its leaf hash left alone.
        let entry = try await store.ledgerEntries(1..<2)[0]
        let text = String(decoding: entry, as: UTF8.self)
        let year = Int(text.split(separator: "\ntime ")[1].prefix(4))!
        let changed = Array(text.replacingOccurrences(of: "\ntime \(year)", with: "\ntime \(year - 1)").utf8)
        try await store.execute(rawSQL: "UPDATE ledger_rows SET entry = X'\(HexDigits.text(of: changed))' WHERE idx = 1")
        let rehashed = await start()
        #expect(rehashed?.message.contains("ledger row 1's entry no longer hashes to its stored leaf") == true, "\(rehashed?.message ?? "")")
        try await store.execute(rawSQL: "UPDATE ledger_rows SET entry = X'\(HexDigits.text(of: entry))' WHERE idx = 1")

        // Row 0's memo rewritten.
        let columns = try await store.ledgerRecords(0..<1)[0].private!
        let forged = LedgerPrivateColumns(salt: columns.salt, fields: [("memo", "stolen funds!")])
        try await store.execute(rawSQL: "UPDATE ledger_rows SET private = X'\(HexDigits.text(of: forged.encoded()))' WHERE idx = 0")
        let rewritten = await start()
        #expect(rewritten?.message.contains("row 0's private columns do not match its hash") == true, "\(rewritten?.message ?? "")")
        try await store.execute(rawSQL: "UPDATE ledger_rows SET private = X'\(HexDigits.text(of: columns.encoded()))' WHERE idx = 0")

        // Put back, the store is accepted again: the checks look at what changed, nothing else.
        try await StoredLedgerCheck.run(on: store)
        let supply = try await store.moneySupply()
        #expect(supply.isConserved)
        try await store.close()
    }

    /// Rows changed consistently (entry and leaf hash) pass the hash tiles; only the root the
    /// coordinator signed and kept can tell, and it refuses to sign over them.
    @Test func aCoordinatorRefusesToStartOnALedgerChangedOrCutSinceItSignedIt() async throws {
        try await withDatabaseDirectory("kept") { directory, path in
            var configuration = CoordinatorConfiguration()
            configuration.operatorAPIKey = String(repeating: "cd", count: 32)
            configuration.ledgerKeyPath = directory.appendingPathComponent("ledger-key").path

            var created: AccountID?
            try await TestNetwork.with(workers: 0, configuration: configuration, store: try await SQLiteGridStore(path: path)) { first in
                let bob = try await first.operatorClient.createAccount(NewAccount(name: "bob", role: .client)).account
                _ = try await first.operatorClient.deposit(NewDeposit(amount: Amount(baseUnits: 7)), to: bob)
                // Kept in the deposit's own transaction: there is nothing to wait for.
                let note = try #require(try await first.store.latestLedgerCheckpoint())
                #expect(try Checkpoint(text: try SignedNote(parsing: note).text).size == 2)
                created = bob
            }
            let bob = try #require(created)

            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let store = try await SQLiteGridStore(path: path)
            for trigger in ["ledger_rows_no_update", "ledger_rows_no_delete", "ledger_parties_no_delete"] {
                try await store.execute(rawSQL: "DROP TRIGGER \(trigger)")
            }
            // Row 0 a year earlier, its leaf hash made to match.
            let entry = String(decoding: try await store.ledgerEntries(0..<1)[0], as: UTF8.self)
            let year = Int(entry.split(separator: "\ntime ")[1].prefix(4))!
            let earlier = Array(entry.replacingOccurrences(of: "\ntime \(year)", with: "\ntime \(year - 1)").utf8)
            try await store.execute(rawSQL: """
                UPDATE ledger_rows SET entry = X'\(HexDigits.text(of: earlier))', leaf_hash = X'\(MerkleHash.leaf(earlier).hex)' WHERE idx = 0
                """)
            let changed = await #expect(throws: CoordinatorStartError.self) {
                try await Coordinator(configuration: configuration, store: store, logger: logger).run()
            }
            #expect(changed == .ledgerDoesNotMatchCheckpoint("") && changed?.message.contains("rows were changed") == true, "\(changed?.message ?? "")")

            // Bob's deposit gone, and his balance with it, so the money still adds up.
            try await store.execute(rawSQL: "DELETE FROM ledger_parties WHERE idx = 1")
            try await store.execute(rawSQL: "DELETE FROM ledger_rows WHERE idx = 1")
            try await store.execute(rawSQL: "UPDATE balances SET available = '0' WHERE account_id = '\(bob)'")
            let cut = await #expect(throws: CoordinatorStartError.self) {
                try await Coordinator(configuration: configuration, store: store, logger: logger).run()
            }
            #expect(cut?.message.contains("signed 2 rows, but the store holds 1") == true, "\(cut?.message ?? "")")

            // A kept checkpoint that is not a signed note at all is refused too, not skipped.
            try await store.execute(rawSQL: "UPDATE ledger_checkpoint SET note = 'not a note'")
            let garbled = await #expect(throws: CoordinatorStartError.self) {
                try await Coordinator(configuration: configuration, store: store, logger: logger).run()
            }
            #expect(garbled?.message.contains("the last checkpoint kept is not a checkpoint signed by the ledger key") == true, "\(garbled?.message ?? "")")
            try await store.close()
        }
    }

    /// Found by a live trial: a row appended after the last checkpoint, or rows rewritten with the
    /// checkpoint deleted, passed the start-up checks and were served as the log.
    @Test func aCoordinatorRefusesRowsNoCheckpointSignsAndACheckpointItDidNotSign() async throws {
        try await withDatabaseDirectory("unsigned") { directory, path in
            var configuration = CoordinatorConfiguration()
            let operatorKey = String(repeating: "ab", count: 32)
            configuration.operatorAPIKey = operatorKey
            configuration.ledgerKeyPath = directory.appendingPathComponent("ledger-key").path
            var created: AccountID?
            try await TestNetwork.with(workers: 0, configuration: configuration, store: try await SQLiteGridStore(path: path)) { first in
                let bob = try await first.operatorClient.createAccount(NewAccount(name: "bob", role: .client)).account
                _ = try await first.operatorClient.deposit(NewDeposit(amount: Amount(baseUnits: 7)), to: bob)
                created = bob
            }
            let bob = try #require(created)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let store = try await SQLiteGridStore(path: path)
            func start() async -> CoordinatorStartError? {
                await #expect(throws: CoordinatorStartError.self) {
                    try await Coordinator(configuration: configuration, store: store, logger: logger).run()
                }
            }
            let size = try await store.ledgerSize()
            let keptNote = try #require(try await store.latestLedgerCheckpoint())
            let operatorAccount = try #require(try await store.account(apiKeyHash: ContentHash(of: Array(operatorKey.utf8))))

            // A mint to bob appended after the last row, with his balance to match: the money adds
            // up and every row replays, but no checkpoint signs it.
            let forged = try LedgerRecord(
                index: size, milliseconds: Int64(Date().timeIntervalSince1970 * 1000),
                event: .mint(try LedgerMint(account: bob, minter: operatorAccount.id, amount: Amount(baseUnits: 1_000_000))), private: nil)
            try await store.execute(rawSQL: """
                INSERT INTO ledger_rows (idx, at, kind, entry, leaf_hash) VALUES (\(size), \(forged.row.milliseconds), 'mint', \
                X'\(HexDigits.text(of: forged.entry))', X'\(forged.leafHash.hex)')
                """)
            try await store.execute(rawSQL: "INSERT INTO ledger_parties (account_id, idx) VALUES ('\(bob)', \(size))")
            try await store.execute(rawSQL: "UPDATE balances SET available = '1000007' WHERE account_id = '\(bob)'")
            try await StoredLedgerCheck.run(on: store)
            #expect(try await store.moneySupply().isConserved, "only the checkpoint can tell")
            let appended = await start()
            #expect(appended == .ledgerDoesNotMatchCheckpoint("") && appended?.message.contains("rows \(size)..<\(size + 1) come after the last checkpoint kept") == true,
                    "\(appended?.message ?? "")")

            // The checkpoint deleted, so that nothing says which rows were signed.
            try await store.execute(rawSQL: "DELETE FROM ledger_checkpoint")
            let deleted = await start()
            #expect(deleted?.message.contains("the store holds \(size + 1) ledger rows but no checkpoint signs them") == true, "\(deleted?.message ?? "")")

            // A checkpoint of the forged rows, signed with a key of the right name that is not the ledger's.
            var tree = MerkleTree<InMemoryMerkleHashStorage>()
            for hash in try await store.ledgerLeafHashes(from: 0, limit: 100) { _ = try tree.append(leafHash: hash) }
            let origin = try Checkpoint(text: try SignedNote(parsing: keptNote).text).origin
            let impostor = try Checkpoint(origin: origin, size: tree.size, rootHash: tree.root)
                .signed(by: [try NoteSigner.generate(name: origin)]).encoded
            try await store.execute(rawSQL: """
                INSERT INTO ledger_checkpoint (id, size, note) VALUES (1, \(tree.size), '\(impostor.replacingOccurrences(of: "'", with: "''"))')
                """)
            let resigned = await start()
            #expect(resigned?.message.contains("the last checkpoint kept is not a checkpoint signed by the ledger key") == true, "\(resigned?.message ?? "")")

            // The true checkpoint put back: refused still, for the row after it.
            try await store.execute(rawSQL: "UPDATE ledger_checkpoint SET size = \(size), note = '\(keptNote.replacingOccurrences(of: "'", with: "''"))'")
            let again = await start()
            #expect(again?.message.contains("come after the last checkpoint kept") == true, "\(again?.message ?? "")")
            try await store.close()
        }
    }
}

@Suite("Within its cap a job goes to the cheapest worker, and a dear worker cannot raise the default cap")
struct CheapestWorkerTests {
    @Test func aDefaultJobRunsOnTheCheapWorkerAndHoldsNoFortune() async throws {
        try await TestNetwork.with(workers: 0, clientFunds: NewDeposit.maximum) { network in
            try await network.startWorker(name: "cheap", slots: 2, prices: WorkerPrices(cpuPerFuel: .zero))
            try await network.startWorker(name: "dear", slots: 2, prices: WorkerPrices(cpuPerFuel: WorkerPrices.maxPerFuel))
            try await network.waitForWorkers(2)
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let job = JobSubmission(module: module.hash, tasks: Array(repeating: TaskInput(), count: 6))
            let quote = try await network.client.quote(job)
            #expect(quote.pricePerFuel.baseUnitsPerExafuel == 2 * quote.baseFee.baseUnitsPerExafuel, "twice the base fee")
            let done = try await network.client.submit(job, wait: .seconds(20))
            #expect(done.state == .completed)
            let names = Dictionary(uniqueKeysWithValues: try await network.client.workers().map { ($0.id, $0.name) })
            let ran = try await network.client.results(of: done.id).results.map { names[$0.worker] }
            #expect(Set(ran) == ["cheap"])

            // A cap the dear worker fits too: the cheap one still goes first while it has room.
            var generous = JobSubmission(module: module.hash, tasks: [TaskInput()], limits: try Limits(fuel: 1_000_000))
            generous.maxPricePerFuel = try quote.baseFee.adding(PricePerFuel(perFuel: WorkerPrices.maxPerFuel))
            let single = try await network.client.submit(generous, wait: .seconds(20))
            #expect(try await network.client.results(of: single.id).results.map { names[$0.worker] } == ["cheap"])
            try await waitUntil("both escrows are released") { try await network.client.statement().balance.held == .zero }
            #expect(try await network.store.moneySupply().isConserved)
        }
    }

    /// Found by a live trial: the operator's share could only go to the system treasury, since
    /// `idlegrid coordinator` had no way to name the operator's account.
    @Test func theOperatorsShareGoesToTheConfiguredOperatorAccountAndABadOneRefusesTheStart() async throws {
        try await withDatabaseDirectory("operator-account") { directory, path in
            var configuration = CoordinatorConfiguration()
            configuration.operatorAPIKey = String(repeating: "ef", count: 32)
            configuration.ledgerKeyPath = directory.appendingPathComponent("ledger-key").path
            var created: (payee: AccountID, client: AccountID)?
            try await TestNetwork.with(workers: 0, configuration: configuration, store: try await SQLiteGridStore(path: path)) { first in
                created = (try await first.operatorClient.createAccount(NewAccount(name: "ops-payee", role: .operator)).account,
                           try await first.operatorClient.createAccount(NewAccount(name: "carol", role: .client)).account)
            }
            let (payee, client) = try #require(created)

            var logger = Logger(label: "test")
            logger.logLevel = .critical
            for (account, expected) in [(AccountID(), "there is no account"), (client, "is a client account")] {
                var refused = configuration
                refused.operatorAccount = account
                let store = try await SQLiteGridStore(path: path)
                let error = await #expect(throws: CoordinatorStartError.self) {
                    try await Coordinator(configuration: refused, store: store, logger: logger).run()
                }
                #expect(error?.message.contains(expected) == true && error?.message.contains("\(account)") == true, "\(error?.message ?? "")")
                try await store.close()
            }

            configuration.operatorAccount = payee
            try await TestNetwork.with(
                workers: 1, slots: 1, configuration: configuration, store: try await SQLiteGridStore(path: path),
                workerPrices: TestNetwork.bidOfTheBaseFee(Pricing.Configuration())
            ) { network in
                let module = try await network.client.uploadModule(Guest.bytes("hello"))
                let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(), TaskInput()]), wait: .seconds(20))
                #expect(job.state == .completed)
                try await waitUntil("the job's escrow is released") { try await network.client.statement().balance.held == .zero }
                let paid = try #require(try await network.store.balance(of: payee))
                #expect(paid.pending.baseUnits > 0, "the operator's share reached its account")
                let treasury = try await network.store.balance(of: SystemAccount.treasury.id)
                #expect(treasury?.pending == .zero && treasury?.available == .zero, "none went to the treasury")
                #expect(try await network.store.moneySupply().isConserved)
            }
        }
    }
}
