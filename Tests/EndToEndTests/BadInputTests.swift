import Foundation
import GridClient
import GridCoordinator
import GridCore
import GridStore
import Testing

@Suite("Bad requests get a problem document naming the field, and change nothing", .serialized)
struct BadInputTests {
    @Test func badJobSubmissionsAreRefusedAndNothingIsStored() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.maxTaskInputBytes = 1024
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            let client = network.client
            let module = try await client.uploadModule(Guest.bytes("primes"))

            let unknown = await problem { _ = try await client.submit(JobSubmission(module: ContentHash(of: [1, 2, 3]), tasks: [TaskInput()])) }
            #expect(unknown?.status == 404)
            #expect(unknown?.field == "module")

            let empty = await problem { _ = try await client.submit(JobSubmission(module: module.hash, tasks: [])) }
            #expect(empty?.status == 422)
            #expect(empty?.field == "tasks")

            let tooBig = await problem {
                _ = try await client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(), TaskInput(stdin: Data(count: 1025))]))
            }
            #expect(tooBig?.status == 422)
            #expect(tooBig?.field == "tasks[1].stdin")

            let replicas = await problem { _ = try await client.submit(JobSubmission(module: module.hash, tasks: [TaskInput()], replicas: 0)) }
            #expect(replicas?.field == "replicas")

            let jobs = "http://127.0.0.1:\(network.port)/v1/jobs"
            let key = client.apiKey
            let malformed = try await RawHTTP.send(.POST, jobs, body: "{\"module\": ", key: key)
            #expect(malformed.status == 400)
            #expect(malformed.headers.first(name: "Content-Type") == "application/problem+json")
            #expect(malformed.json?["detail"] as? String == "the body is not valid JSON")

            let limits = try await RawHTTP.send(
                .POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{}],"limits":{"fuel":0}}"#, key: key)
            #expect(limits.status == 400)
            #expect(limits.json?["field"] as? String == "limits.fuel")
            #expect((limits.json?["detail"] as? String)?.contains("limit 'fuel' is 0") == true)

            let negative = try await RawHTTP.send(
                .POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{}],"limits":{"wallClockMilliseconds":-1}}"#, key: key)
            #expect(negative.status == 400)
            #expect(negative.json?["field"] as? String == "limits.wallClockMilliseconds")
            #expect((negative.json?["detail"] as? String)?.contains("must not be negative") == true)

            let missing = try await RawHTTP.send(.POST, jobs, body: #"{"tasks":[{}]}"#, key: key)
            #expect(missing.json?["field"] as? String == "module")

            let seed = try await RawHTTP.send(
                .POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{}],"seed":"sometimes"}"#, key: key)
            #expect(seed.json?["field"] as? String == "seed")

            // A misspelt field is refused, not dropped (the job would have run, and been paid, once).
            let misspelt = try await RawHTTP.send(.POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{}],"replica":3}"#, key: key)
            #expect(misspelt.status == 400)
            #expect(misspelt.json?["field"] as? String == "replica")
            #expect((misspelt.json?["detail"] as? String)?.contains("unknown field 'replica'; the fields there are deadlineSeconds, limits, maxPricePerFuel, module, replicas") == true)
            let nested = try await RawHTTP.send(
                .POST, jobs, body: #"{"module":"\#(module.hash.hex)","limits":{"fuel":1000,"mem":1},"tasks":[{},{"stdn":"aGk="}]}"#, key: key)
            #expect(nested.status == 400)
            // Found by a live trial: 2^63 and up in a field of Int was "the body is not valid JSON".
            for big in ["9223372036854775808", "18446744073709551615"] {
                let huge = try await RawHTTP.send(.POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{}],"replicas":\#(big)}"#, key: key)
                #expect(huge.status == 400 && huge.json?["field"] as? String == "replicas", "\(huge.json ?? [:])")
                #expect((huge.json?["detail"] as? String)?.contains("'replicas' is \(big): it must be at most 9223372036854775807") == true)
            }
            // The first unknown field in the body's order is named.
            #expect(nested.json?["field"] as? String == "limits.mem")
            let task = try await RawHTTP.send(.POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{},{"stdn":"aGk="}]}"#, key: key)
            #expect(task.json?["field"] as? String == "tasks[1].stdn")
            #expect((task.json?["detail"] as? String)?.contains("the fields there are arguments, stdin, stdinBlob") == true)

            // Found by a live trial: a NUL in an argument reached the guest's argv cut short.
            let nul = try await RawHTTP.send(.POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{"arguments":["ok","a\u0000b"]}]}"#, key: key)
            #expect(nul.status == 422 && nul.json?["field"] as? String == "tasks[0].arguments[1]", "\(nul.json ?? [:])")

            // A field given twice is refused: which one a proxy in front reads is anyone's guess.
            let twice = try await RawHTTP.send(.POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{}],"replicas":3,"replicas":1}"#, key: key)
            #expect(twice.status == 400)
            #expect(twice.json?["field"] as? String == "replicas")
            #expect((twice.json?["detail"] as? String)?.contains("given twice") == true)
            let nestedTwice = try await RawHTTP.send(
                .POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{"stdin":"aGk=","st\u0064in":"aGk="}]}"#, key: key)
            #expect(nestedTwice.json?["field"] as? String == "tasks[0].stdin")
            // A number that fits no field is named, not called invalid JSON.
            let fraction = try await RawHTTP.send(.POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{}],"replicas":1.5}"#, key: key)
            #expect(fraction.status == 400)
            #expect(fraction.json?["field"] as? String == "replicas")
            #expect((fraction.json?["detail"] as? String)?.contains("'replicas' is 1.5: it must be a whole number") == true)
            let huge = try await RawHTTP.send(
                .POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{}],"limits":{"fuel":99999999999999999999}}"#, key: key)
            #expect(huge.json?["field"] as? String == "limits.fuel")

            // A cap past the base fee plus the largest bid is refused, on a quote too.
            for url in [jobs, jobs + "/quote"] {
                let huge = try await RawHTTP.send(
                    .POST, url, body: #"{"module":"\#(module.hash.hex)","tasks":[{}],"maxPricePerFuel":"100000000000000000000000000000000000000"}"#, key: key)
                #expect(huge.status == 422 && huge.json?["field"] as? String == "maxPricePerFuel", "\(huge.json ?? [:])")
                #expect((huge.json?["detail"] as? String)?.contains("the largest bid a worker may ask") == true)
            }
            // Nested in a field past any parser's depth: refused, and the coordinator still answers.
            let nestedDeep = try await RawHTTP.send(
                .POST, jobs, body: #"{"module":"\#(module.hash.hex)","tasks":[{}],"seed":"# + String(repeating: "[", count: 100_000), key: key)
            #expect(nestedDeep.status == 400)
            // Nested past any parser's depth: refused, and the coordinator still answers.
            let deep = try await RawHTTP.send(.POST, jobs, body: String(repeating: "[", count: 200_000) + "1.5", key: key)
            #expect(deep.status == 400)

            // None of it left a job behind.
            #expect(try await client.jobs().jobs.isEmpty)
        }
    }

    /// Found by a live trial: these were taken, or refused with Foundation's words or the wrong field.
    @Test func accountAndCharityBodiesAreReadStrictlyAndNamed() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.operatorAPIKey = String(repeating: "ab", count: 32)
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            let accounts = "http://127.0.0.1:\(network.port)/v1/accounts"
            let operatorKey = String(repeating: "ab", count: 32)
            let before = try await network.store.accountCount()
            for name in [#"a\u0000b"#, #"a\nb"#, #"\u202egnp.exe"#] {
                let refused = try await RawHTTP.send(.POST, accounts, body: #"{"name":"\#(name)","role":"client"}"#, key: operatorKey)
                #expect(refused.status == 422 && refused.json?["field"] as? String == "name", "\(name): \(refused.status)")
            }
            let role = try await RawHTTP.send(.POST, accounts, body: #"{"name":"x","role":"admin"}"#, key: operatorKey)
            #expect((role.json?["detail"] as? String)?.contains("'admin' is not a role: the roles are client, provider") == true, "\(role.json ?? [:])")
            let array = try await RawHTTP.send(.POST, accounts, body: "[]", key: operatorKey)
            #expect(array.status == 400 && array.json?["detail"] as? String == "the body must be a JSON object")
            #expect(try await network.store.accountCount() == before)

            let charity = "http://127.0.0.1:\(network.port)/v1/accounts/me/charity"
            let key = network.providerClient.apiKey
            let negative = try await RawHTTP.send(.PUT, charity, body: #"{"charity":"\#(SystemAccount.treasury.id)","partsPerMillion":-1}"#, key: key)
            #expect(negative.status == 400 && negative.json?["field"] as? String == "partsPerMillion", "\(negative.json ?? [:])")
            #expect((negative.json?["detail"] as? String)?.contains("it must be 0 or more") == true)
            let misspelt = try await RawHTTP.send(.PUT, charity, body: #"{"x":1}"#, key: key)
            #expect(misspelt.status == 400 && misspelt.json?["field"] as? String == "x", "\(misspelt.json ?? [:])")

            // Requests that take no body refuse one, and make nothing.
            let keys = "http://127.0.0.1:\(network.port)/v1/accounts/me/keys"
            let keysBefore = try await network.providerClient.apiKeys().keys.count
            for body in [#"{"x":1}"#, String(repeating: "z", count: 1_000_000)] {
                for url in [keys, "http://127.0.0.1:\(network.port)/v1/enrollment-tokens"] {
                    let refused = try await RawHTTP.send(.POST, url, body: body, key: key)
                    #expect(refused.status == 400 && (refused.json?["detail"] as? String)?.contains("takes no body") == true, "\(url): \(refused.status)")
                }
            }
            #expect(try await network.providerClient.apiKeys().keys.count == keysBefore)
            #expect(try await RawHTTP.send(.POST, keys, body: "{}", key: key).status == 201)
            #expect(try await network.store.moneySupply().isConserved)
        }
    }

    @Test func keysAndOwnershipAreEnforced() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let base = "http://127.0.0.1:\(network.port)"
            let none = try await RawHTTP.send(.GET, "\(base)/v1/jobs")
            #expect(none.status == 401)
            #expect(none.headers.first(name: "Content-Type") == "application/problem+json")
            let wrong = try await RawHTTP.send(.GET, "\(base)/v1/jobs", key: String(repeating: "0", count: 64))
            #expect(wrong.status == 401)

            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput()]))
            let bob = try await network.operatorClient.createAccount(NewAccount(name: "bob", role: .client))
            let bobClient = network.client.with(apiKey: bob.apiKey)
            let notYours = await problem { _ = try await bobClient.job(job.id) }
            #expect(notYours?.status == 404)
            let cancelNotYours = await problem { _ = try await bobClient.cancel(job.id) }
            #expect(cancelNotYours?.status == 404)
            #expect(try await bobClient.jobs().jobs.isEmpty)

            let notOperator = await problem { _ = try await network.client.createAccount(NewAccount(name: "eve", role: .operator)) }
            #expect(notOperator?.status == 403)

            let badID = try await RawHTTP.send(.GET, "\(base)/v1/jobs/not-a-uuid", key: network.client.apiKey)
            #expect(badID.status == 400)
            #expect(badID.json?["field"] as? String == "id")

            for wait in ["soon", "61", "-1", "nan"] {
                let badWait = try await RawHTTP.send(.GET, "\(base)/v1/jobs/\(job.id)?wait=\(wait)", key: network.client.apiKey)
                #expect(badWait.status == 400)
                #expect(badWait.json?["field"] as? String == "wait")
                #expect((badWait.json?["detail"] as? String)?.contains("not '\(wait)'") == true)
            }
            let jobsBefore = try await network.client.jobs().jobs.count
            let submitWait = try await RawHTTP.send(
                .POST, "\(base)/v1/jobs?wait=forever", body: #"{"module": "\#(module.hash.hex)", "tasks": [{}]}"#, key: network.client.apiKey)
            #expect(submitWait.status == 400)
            #expect(submitWait.json?["field"] as? String == "wait")
            #expect(try await network.client.jobs().jobs.count == jobsBefore)
        }
    }

    @Test func modulesThatCannotRunAreRefusedAtUpload() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let garbage = await problem { _ = try await network.client.uploadModule(Data("#!/bin/sh\n".utf8)) }
            #expect(garbage?.status == 422)
            #expect(garbage?.detail.hasPrefix("not a valid WebAssembly module") == true)
            let blob = try await RawHTTP.send(
                .GET, "http://127.0.0.1:\(network.port)/v1/blobs/\(ContentHash(of: Data("#!/bin/sh\n".utf8)).hex)", key: network.client.apiKey)
            #expect(blob.status == 404)
        }
    }

    @Test func aFullQueueAnswers503WithRetryAfter() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.maxQueuedReplicas = 4
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            _ = try await network.client.submit(JobSubmission(module: module.hash, tasks: Array(repeating: TaskInput(), count: 3)))
            let answer = try await RawHTTP.send(
                .POST, "http://127.0.0.1:\(network.port)/v1/jobs",
                body: #"{"module":"\#(module.hash.hex)","tasks":[{},{}]}"#, key: network.client.apiKey)
            #expect(answer.status == 503)
            #expect(answer.headers.first(name: "Retry-After") == "2")
            #expect(try await network.client.jobs().jobs.count == 1)
        }
    }

    @Test func anAccountOverItsOwnLimitAnswers429AndOthersStillGetIn() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.maxQueuedReplicasPerAccount = 4
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            _ = try await network.client.submit(JobSubmission(module: module.hash, tasks: Array(repeating: TaskInput(), count: 3)))
            let answer = try await RawHTTP.send(
                .POST, "http://127.0.0.1:\(network.port)/v1/jobs",
                body: #"{"module":"\#(module.hash.hex)","tasks":[{},{}]}"#, key: network.client.apiKey)
            #expect(answer.status == 429)
            #expect(answer.headers.first(name: "Retry-After") == "2")
            #expect(answer.json?["field"] as? String == "tasks")
            #expect((answer.json?["detail"] as? String)?.contains("limit of 4") == true)
            #expect(try await network.client.jobs().jobs.count == 1)
            // Another client is not held up by the first one's backlog.
            let other = try await network.operatorClient.createAccount(NewAccount(name: "bob", role: .client))
            let bob = network.client.with(apiKey: other.apiKey)
            _ = try await network.operatorClient.deposit(NewDeposit(amount: Amount(baseUnits: Amount.baseUnitsPerGRID)), to: other.account)
            _ = try await bob.submit(JobSubmission(module: module.hash, tasks: [TaskInput(), TaskInput()]))
        }
    }
}
