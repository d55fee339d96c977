import Foundation
import GridCoordinator
import GridCore
import GridLedger
import GridStore
import Hummingbird
import Logging
import Testing
import Yams

/// `openapi.yaml` is the API's contract. These tests keep it true: the coordinator registers
/// exactly the operations it lists, and every document the API reads or writes, encoded as the
/// code encodes it, has exactly the properties its schema gives, of the types it gives.
@Suite("The OpenAPI document")
struct OpenAPIDocumentTests {
    /// openapi.yaml, read afresh for each test.
    private let document: [String: Any]

    init() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
        document = try #require(try Yams.load(yaml: String(contentsOf: url, encoding: .utf8)) as? [String: Any])
    }

    @Test("the coordinator's routes are exactly the document's operations")
    func routesMatchOperations() async throws {
        let paths = try #require(document["paths"] as? [String: [String: Any]], "openapi.yaml has no paths")
        let documented = Set(paths.flatMap { path, item in
            item.keys.filter { ["get", "put", "post", "delete", "patch"].contains($0) }.map { "\($0.uppercased()) \(path)" }
        })

        var logger = Logger(label: "openapi-test")
        logger.logLevel = .critical
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe, logger: logger)
        let broker = WorkBroker(
            configuration: .init(), writer: SettlementWriter(store: store, logger: logger), clock: SystemClock(), logger: logger)
        let ledger = LedgerLog(origin: "test", signer: try NoteSigner.generate(name: "test"))
        let router = Coordinator.router(
            configuration: CoordinatorConfiguration(), store: store, broker: broker, ledger: ledger, clock: SystemClock(), logger: logger)
        // Hummingbird writes a captured segment as `:name`, OpenAPI as `{name}`; the tile route's
        // catch-all (`**`, the rest of a tlog-tiles path) is the document's `{path}`.
        let registered = Set(router.routes.map { route in
            let path = route.path.description.split(separator: "/").map {
                $0 == "**" ? "{path}" : $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
            }
            return "\(route.method.rawValue) /" + path.joined(separator: "/")
        })
        try await store.close()

        #expect(registered.subtracting(documented).sorted() == [], "routes the document does not describe")
        #expect(documented.subtracting(registered).sorted() == [], "operations the coordinator does not serve")
        #expect(registered.count == 29)
    }

    /// Answers the code gives that a client must be able to expect, by operation.
    @Test("the document lists the answers the API gives besides success", arguments: [
        ("post", "/v1/jobs", "413"), ("get", "/v1/jobs", "404"), ("get", "/v1/worker", "426"), ("post", "/v1/modules", "413"),
        ("post", "/v1/blobs", "413"), ("post", "/v1/blobs", "403"), ("post", "/v1/blobs", "409"), ("get", "/v1/blobs/{hash}", "401"),
        ("post", "/v1/jobs", "404"),
    ])
    func documentedAnswers(method: String, path: String, status: String) throws {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let operation = try #require(paths[path]?[method] as? [String: Any], "no \(method) \(path)")
        let responses = try #require(operation["responses"] as? [String: Any])
        #expect(responses[status] != nil, "\(method.uppercased()) \(path) does not document \(status)")
    }

    /// The patterns the document gives for strings the code parses accept exactly what the code
    /// accepts, so a fuzzer's schema-valid input is never refused and its invalid input never taken.
    @Test("the seed and bytes patterns say what the code accepts")
    func patternsMatchTheCode() throws {
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let submission = try #require(schemas["JobSubmission"] as? [String: Any])
        let seed = try #require(((submission["properties"] as? [String: Any])?["seed"] as? [String: Any])?["pattern"] as? String)
        let bytes = try #require((schemas["Bytes"] as? [String: Any])?["pattern"] as? String)
        func matches(_ text: String, _ pattern: String) -> Bool { text.range(of: pattern, options: .regularExpression) != nil }
        for text in ["per-task", "0", "42", "007", "18446744073709551615", "18446744073709551616", "18446744073709551620",
                     "99999999999999999999", "+5", "-1", " 5", "", "Per-task", "83085055901090830014052383359"] {
            #expect(matches(text, seed) == (SeedPolicy(text) != nil), "seed '\(text)'")
        }
        for text in ["", "aGk=", "aGk", "aGVsbG8=", "aGVsbG8", "o", "q835ccmcF1KC00hXBC==", "KVof0rEQuFl0", "a b=", "////", "=AAA"] {
            #expect(matches(text, bytes) == (Data(base64Encoded: text) != nil), "bytes '\(text)'")
        }
    }

    @Test("every referenced schema, parameter and response exists")
    func referencesResolve() throws {
        var references: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let reference = object["$ref"] as? String { references.append(reference) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(references.count > 40)
        for reference in Set(references) {
            #expect(resolve(reference) != nil, "\(reference) does not resolve")
        }
    }

    /// Every API document, with every optional field present, against its schema.
    @Test("the JSON the API reads and writes matches the schemas exactly", arguments: Self.samples())
    func documentsMatchSchemas(sample: Sample) throws {
        let json = try JSONSerialization.jsonObject(with: APICoding.encode(sample.value), options: [.fragmentsAllowed])
        let schema = try #require(resolve("#/components/schemas/\(sample.schema)"), "no schema \(sample.schema)")
        var problems: [String] = []
        check(json, against: schema, at: sample.schema, problems: &problems, everyPropertyPresent: true)
        #expect(problems == [])
    }

    @Test("a document that breaks its schema is caught")
    func theCheckCanFail() throws {
        let schema = try #require(resolve("#/components/schemas/JobSummary"))
        var problems: [String] = []
        let broken = try #require(try JSONSerialization.jsonObject(with: Data(#"""
            {"id": "not-a-uuid", "state": "sleeping", "extra": 1, "taskCount": "3", "tasksFinished": true, "replicas": 1.5}
            """#.utf8)) as? [String: Any])
        check(broken, against: schema, at: "JobSummary", problems: &problems, everyPropertyPresent: false)
        #expect(problems.contains { $0.contains("JobSummary.id") && $0.contains("pattern") })
        #expect(problems.contains { $0.contains("JobSummary.state") && $0.contains("enum") })
        #expect(problems.contains { $0.contains("extra") })
        #expect(problems.contains { $0.contains("JobSummary.taskCount") && $0.contains("integer") })
        #expect(problems.contains { $0.contains("missing") && $0.contains("module") })
        #expect(problems.contains { $0.contains("JobSummary.tasksFinished") && $0.contains("integer") })
        #expect(problems.contains { $0.contains("JobSummary.replicas") && $0.contains("integer") })
    }

    // MARK: - Samples

    struct Sample: Sendable, CustomTestStringConvertible {
        let schema: String
        let value: any Encodable & Sendable
        var testDescription: String { schema }
    }

    /// A charge row (every charge field) and a mint row with private columns.
    static func ledgerRows() -> [LedgerRowView] {
        let quote = try! Quote(
            referencePrice: PricePerFuel(baseUnitsPerExafuel: 1_000_000), demandMultiplier: .one,
            bid: PricePerFuel(baseUnitsPerExafuel: 500_000))
        let charge = try! ReplicaCharge(
            payer: AccountID(), job: JobID(), task: 2, replica: ReplicaID(), worker: WorkerID(),
            usage: .init(fuel: 10_000_000_000_000, bytesIn: 3, bytesOut: 4, wallMicroseconds: 5), quote: quote,
            split: .standard) { _ in AccountID() }
        let mint = try! LedgerMint(account: AccountID(), minter: AccountID(), amount: Amount(baseUnits: 7))
        return [
            LedgerRowView(try! LedgerRow(index: 0, milliseconds: 1_000, event: .mint(mint), privateHash: ContentHash(of: [1]))),
            LedgerRowView(try! LedgerRow(index: 1, milliseconds: 2_000, event: .charge(charge))),
            LedgerRowView(try! LedgerRow(index: 2, milliseconds: 3_000, event: .posting(SettlementPosting(
                side: .payee, account: AccountID(), amount: Amount(baseUnits: 9), period: 20_000, rows: 0..<2, root: .emptyTree)))),
        ]
    }

    static func settlementBlock(sequence: UInt64) -> SettlementBlockView {
        let signer = try! NoteSigner.generate(name: "test.example/ledger")
        let note = try! Checkpoint(origin: signer.name, size: 4, rootHash: .emptyTree).signed(by: [signer]).encoded
        return SettlementBlockView(try! SettlementBlock(
            sequence: sequence, period: 9, periodSeconds: 86_400, previous: sequence == 0 ? nil : ContentHash(of: [1]),
            rows: 0..<4, minimumPayout: .zero, postings: [.emptyTree], checkpoint: note))
    }

    static func samples() -> [Sample] {
        let hash = ContentHash(of: Array("module".utf8))
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let summary = JobSummary(
            id: JobID(), state: .completed, module: hash, taskCount: 3, tasksFinished: 3, tasksSucceeded: 2, replicas: 2,
            fuelUsed: 12_345, createdAt: date, finishedAt: date.addingTimeInterval(2), waitingReason: "no worker is online")
        let outcome = TaskOutcome(
            index: 0, termination: "exited:0", succeeded: true, output: Data("out".utf8), stderr: Data("err".utf8),
            outputHash: ContentHash(of: Array("out".utf8)), fuelUsed: 99, worker: WorkerID(), outputBlobSize: 300_000)
        let givenUp = GivenUpTask(index: 1, reason: "replicas lost 5 times", givenUpAt: date)
        let key = APIKeySummary(id: APIKeyID(), createdAt: date, revokedAt: date.addingTimeInterval(60), lastDigits: "0a9f", current: true)
        let balance = AccountBalance(
            available: Amount(baseUnits: 5), held: Amount(baseUnits: 4), pending: Amount(baseUnits: 3), staked: Amount(baseUnits: 2))
        let event = MoneyEvent(
            index: 4, at: date, kind: .mint, account: AccountID(), change: BalanceChange(available: 5), job: JobID(), by: AccountID(),
            memo: "opening", amount: Amount(baseUnits: 5))
        var problem = Problem.unprocessable("replicas must be between 1 and 16", field: "replicas")
        problem.needed = Amount(baseUnits: 10)
        problem.available = Amount(baseUnits: 3)
        problem.cheapestPrice = try! PricePerFuel(baseUnitsPerExafuel: 5)
        return [
            Sample(schema: "CoordinatorStatus", value: CoordinatorStatus(
                region: "eu-west", workers: 2, slots: 4, busySlots: 1, queueDepth: 7, tasksCompleted: 100, tasksPerSecond: 9.5)),
            Sample(schema: "NewAccount", value: NewAccount(name: "alice", role: .client)),
            Sample(schema: "AccountCreated", value: AccountCreated(
                account: AccountID(), name: "alice", role: .operator, apiKey: String(repeating: "ab", count: 32))),
            Sample(schema: "EnrollmentTokenCreated", value: EnrollmentTokenCreated(
                token: "enroll-" + String(repeating: "ab", count: 32), expiresAt: date)),
            Sample(schema: "APIKeySummary", value: key),
            Sample(schema: "APIKeyList", value: APIKeyList(keys: [key])),
            Sample(schema: "APIKeyCreated", value: APIKeyCreated(key: key, apiKey: String(repeating: "cd", count: 32))),
            Sample(schema: "ModuleStored", value: ModuleStored(hash: hash, byteCount: 1_024)),
            Sample(schema: "Limits", value: Limits.standard),
            Sample(schema: "TaskInput", value: TaskInput(stdin: Data([1, 2, 3]), stdinBlob: hash, arguments: ["-n", "5"])),
            Sample(schema: "BlobReference", value: BlobReference(hash: hash, size: 4_096)),
            Sample(schema: "JobSubmission", value: JobSubmission(
                module: hash, tasks: [TaskInput(stdin: Data("x".utf8), stdinBlob: hash, arguments: ["a"])], limits: .standard, replicas: 3,
                seed: .fixed(42), deadlineSeconds: 600, maxPricePerFuel: try! PricePerFuel(baseUnitsPerExafuel: 2_000_000_000_000_000_000_000),
                waitForPrice: true)),
            Sample(schema: "JobSummary", value: summary),
            Sample(schema: "JobList", value: JobList(jobs: [summary], next: summary.id)),
            Sample(schema: "TaskOutcome", value: outcome),
            Sample(schema: "GivenUpTask", value: givenUp),
            Sample(schema: "JobResults", value: JobResults(job: summary, results: [outcome], givenUp: [givenUp])),
            Sample(schema: "WorkerSummary", value: WorkerSummary(
                id: WorkerID(), provider: AccountID(), name: "w1", region: "eu-west", tier: .untrustedConsumer, claimedTier: .dataCenter, slots: 2,
                claimedSlots: 8, running: 1, paused: false,
                fuelPerSecond: 4_000_000_000, prices: WorkerPrices(cpuPerFuel: Amount(baseUnits: 700)), connectedAt: date, completed: 10)),
            Sample(schema: "Problem", value: problem),
            Sample(schema: "AccountBalance", value: balance),
            Sample(schema: "MoneyEvent", value: event),
            Sample(schema: "AccountStatement", value: AccountStatement(
                account: AccountID(), name: "alice", role: .client, balance: balance, history: [event], nextBefore: 3,
                charity: try! CharityDirection(charity: AccountID(), partsPerMillion: 100_000))),
            Sample(schema: "CharityDirection", value: try! CharityDirection(charity: AccountID(), partsPerMillion: 1)),
            Sample(schema: "SettlementBlocks", value: SettlementBlocks(blocks: [Self.settlementBlock(sequence: 1)])),
            Sample(schema: "NewDeposit", value: NewDeposit(amount: Amount(baseUnits: 5), memo: "opening")),
            Sample(schema: "DepositMade", value: DepositMade(event: event, balance: balance)),
            Sample(schema: "JobQuote", value: JobQuote(
                pricePerFuel: try! PricePerFuel(baseUnitsPerExafuel: 9), maximumCost: Amount(baseUnits: 90), baseFee: .zero,
                cheapestPrice: .zero, available: Amount(baseUnits: 100), affordable: true, workersUnderCap: 2, fits: true, refusedForPrice: false)),
            Sample(schema: "LedgerRows", value: LedgerRows(size: 9, rows: Self.ledgerRows())),
            Sample(schema: "LedgerProof", value: LedgerProof(hashes: [MerkleHash.leaf([1, 2, 3])])),
            Sample(schema: "PriceQuote", value: PriceQuote(
                at: date, day: 700, referencePrice: try! PricePerFuel(baseUnitsPerExafuel: 900), demandMultiplierPartsPerTrillion: 1_050_000_000_000,
                baseFee: try! PricePerFuel(baseUnitsPerExafuel: 945), lowestBid: try! PricePerFuel(baseUnitsPerExafuel: 5),
                lowestPrice: try! PricePerFuel(baseUnitsPerExafuel: 950), workersOnline: 2)),
        ]
    }

    // MARK: - A small JSON Schema check (the subset the document uses)

    private func resolve(_ reference: String) -> [String: Any]? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Any = document
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let object = node as? [String: Any], let next = object[String(part)] else { return nil }
            node = next
        }
        return node as? [String: Any]
    }

    private func check(_ value: Any, against schema: [String: Any], at path: String, problems: inout [String], everyPropertyPresent: Bool) {
        if let reference = schema["$ref"] as? String {
            guard let target = resolve(reference) else { return problems.append("\(path): \(reference) does not resolve") }
            return check(value, against: target, at: path, problems: &problems, everyPropertyPresent: everyPropertyPresent)
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
            problems.append("\(path): \(value) is not in the enum \(allowed)")
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return problems.append("\(path): expected an object") }
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            for name in (schema["required"] as? [String] ?? []) where object[name] == nil {
                problems.append("\(path): required property '\(name)' is missing")
            }
            for (name, member) in object {
                guard let property = properties[name] else {
                    problems.append("\(path): property '\(name)' is not in the schema")
                    continue
                }
                check(member, against: property, at: "\(path).\(name)", problems: &problems, everyPropertyPresent: everyPropertyPresent)
            }
            // A schema whose properties depend on the object's kind (a ledger row) says so; its
            // samples cannot hold every property at once.
            if everyPropertyPresent, schema["x-properties-by-kind"] == nil {
                for name in properties.keys where object[name] == nil {
                    problems.append("\(path): the schema's property '\(name)' never appears in the code's JSON")
                }
            }
        case "array":
            guard let array = value as? [Any] else { return problems.append("\(path): expected an array") }
            if let items = schema["items"] as? [String: Any] {
                for (index, element) in array.enumerated() {
                    check(element, against: items, at: "\(path)[\(index)]", problems: &problems, everyPropertyPresent: everyPropertyPresent)
                }
            }
        case "string":
            guard let text = value as? String else { return problems.append("\(path): expected a string, got \(value)") }
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                problems.append("\(path): '\(text)' does not match the pattern \(pattern)")
            }
            if schema["format"] as? String == "date-time", ISO8601DateFormatter().date(from: text) == nil {
                problems.append("\(path): '\(text)' is not an ISO 8601 date-time")
            }
            if schema["contentEncoding"] as? String == "base64", Data(base64Encoded: text) == nil {
                problems.append("\(path): '\(text)' is not base64")
            }
        case "integer":
            guard let number = value as? NSNumber, !isBoolean(value), number.doubleValue == number.doubleValue.rounded() else {
                return problems.append("\(path): expected an integer, got \(value)")
            }
            checkRange(number.doubleValue, schema, at: path, problems: &problems)
        case "number":
            guard let number = value as? NSNumber, !isBoolean(value) else { return problems.append("\(path): expected a number, got \(value)") }
            checkRange(number.doubleValue, schema, at: path, problems: &problems)
        case "boolean":
            if !isBoolean(value) { problems.append("\(path): expected a boolean, got \(value)") }
        case let other:
            if let other { problems.append("\(path): the check does not know type '\(other)'") }
        }
    }

    /// JSON `true`/`false`. JSONSerialization gives NSNumbers for both numbers and booleans, and
    /// `is Bool` takes the numbers 0 and 1 too; a boolean's NSNumber holds a C `char` or `bool`.
    private func isBoolean(_ value: Any) -> Bool {
        if type(of: value) == Bool.self { return true }
        guard let number = value as? NSNumber else { return false }
        return ["c", "B"].contains(String(cString: number.objCType))
    }

    private func checkRange(_ number: Double, _ schema: [String: Any], at path: String, problems: inout [String]) {
        if let minimum = (schema["minimum"] as? NSNumber)?.doubleValue, number < minimum {
            problems.append("\(path): \(number) is under the minimum \(minimum)")
        }
        if let maximum = (schema["maximum"] as? NSNumber)?.doubleValue, number > maximum {
            problems.append("\(path): \(number) is over the maximum \(maximum)")
        }
    }
}
