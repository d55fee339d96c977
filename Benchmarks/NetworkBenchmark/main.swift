// The network benchmark: trivial-task throughput and single-task round-trip latency through a
// coordinator and two workers on loopback, every result (and every replica's evidence) durable in
// SQLite before it counts; many concurrent clients each running single-task jobs; and the same
// workload on Dask distributed (2 worker processes, 1 thread each) and on Ray (2 CPUs) in the
// same run.
//
//     swift run -c release NetworkBenchmark [--quick] [--no-peer] [--durability wal-full|journal-full|wal-normal]
//
// The peers need `pip install "dask[distributed]" ray`; a peer that is missing is skipped.
import AsyncHTTPClient
import Foundation
import GridClient
import GridEmbedded
import GridCore
import GridStore
import Logging
import NIOCore
import NIOHTTP1

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
let measurePeer = !arguments.contains("--no-peer")
let taskCount = quick ? 2_000 : 20_000
let latencyRounds = quick ? 100 : 500
let clientCounts = quick ? [64] : [64, 256]
let jobsPerClient = quick ? 10 : 40
let durability: SQLiteGridStore.Durability
if let index = arguments.firstIndex(of: "--durability") {
    guard index + 1 < arguments.count, let mode = SQLiteGridStore.Durability(rawValue: arguments[index + 1]) else {
        print("--durability takes one of: \(SQLiteGridStore.Durability.allCases.map(\.rawValue).joined(separator: ", "))")
        exit(64)
    }
    durability = mode
} else {
    durability = .powerSafe
}
let benchmarkDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let repository = benchmarkDirectory.deletingLastPathComponent().deletingLastPathComponent()

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
}

#if DEBUG
print("warning: this is a debug build; run `swift run -c release NetworkBenchmark` for real figures\n")
#endif

var logger = Logger(label: "idlegrid.benchmark")
logger.logLevel = ProcessInfo.processInfo.environment["BENCH_LOG"] != nil ? .warning : .critical
var networkOptions = EmbeddedNetwork.Options()
networkOptions.durability = durability
networkOptions.logger = logger
let network = try await EmbeddedNetwork(options: networkOptions)
// Two one-slot workers, devices of the network's provider account.
for index in 1...2 { try await network.startWorker(name: "w\(index)", slots: 1) }
try await network.waitForWorkers(2)
let base = network.baseURL
let client = network.client
guard let moduleBytes = FileManager.default.contents(atPath: repository.appendingPathComponent("Guests/build/hello.wasm").path) else {
    throw BenchmarkFailure(description: "no Guests/build/hello.wasm: run Guests/build.sh")
}
let module = try await client.uploadModule(moduleBytes).hash

// Warm up: every worker fetches the module once.
_ = try await client.waitForCompletion(of: client.submit(JobSubmission(module: module, tasks: Array(repeating: TaskInput(), count: 20))).id)

// Throughput: one job of many trivial tasks, submission to the last durable result.
let started = ContinuousClock.now
let job = try await client.submit(JobSubmission(module: module, tasks: Array(repeating: TaskInput(), count: taskCount)))
let finished = try await client.waitForCompletion(of: job.id, timeout: .seconds(600))
let throughputSeconds = (ContinuousClock.now - started).inSeconds
guard finished.state == .completed, finished.tasksFinished == taskCount else {
    throw BenchmarkFailure(description: "the throughput job ended \(finished.state.rawValue) with \(finished.tasksFinished) results")
}
let throughput = Double(taskCount) / throughputSeconds

// Latency: single-task jobs one after another, submission to the durable result, each with
// `GridClient.run` (POST /v1/jobs?wait=, one request per job, as Dask's submit(...).result()
// is one exchange with its scheduler); and, for comparison, submit then a long-polled status.
func roundTrips(_ trip: () async throws -> JobSummary) async throws -> (p50: Double, p99: Double) {
    var latencies: [Double] = []
    for _ in 0..<latencyRounds {
        let start = ContinuousClock.now
        let done = try await trip()
        guard done.state == .completed else { throw BenchmarkFailure(description: "a latency job ended \(done.state.rawValue)") }
        latencies.append((ContinuousClock.now - start).inSeconds * 1000)
    }
    latencies.sort()
    return (latencies[latencies.count / 2], latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))])
}
let single = JobSubmission(module: module, tasks: [TaskInput()])
let (p50, p99) = try await roundTrips { try await client.run(single) }
let twoRequests = try await roundTrips { try await client.waitForCompletion(of: client.submit(single).id) }

// Many small jobs: `clients` concurrent clients, each running single-task jobs one after another
// (`POST /v1/jobs?wait=`, answered with the outcome), each job's row group-committed with the
// others' and with its result before it is answered. The clients are lean (see ClosedLoopClients)
// so that the two cores go to the coordinator.
func manyClients(_ clients: Int) async throws -> (rate: Double, p50: Double, p99: Double, completed: Int) {
    var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/v1/jobs?wait=30")
    head.headers.add(name: "Authorization", value: "Bearer \(client.apiKey ?? "")")
    head.headers.add(name: "Content-Type", value: "application/json")
    let body = ByteBuffer(bytes: try APICoding.encode(single))
    let start = ContinuousClock.now
    let outcomes = try await ClosedLoopClients.run(
        port: network.port, clients: clients, requestsPerClient: jobsPerClient, request: head, body: body,
        wanted: (.created, #""state":"completed""#))
    let seconds = (ContinuousClock.now - start).inSeconds
    let latencies = outcomes.map(\.milliseconds).sorted()
    return (Double(outcomes.count) / seconds, latencies[latencies.count / 2],
            latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))], outcomes.filter(\.ok).count)
}
var concurrent: [(clients: Int, rate: Double, p50: Double, p99: Double, completed: Int)] = []
for clients in clientCounts {
    let (rate, p50, p99, completed) = try await manyClients(clients)
    concurrent.append((clients, rate, p50, p99, completed))
}

// Every job above was billed: escrow held, each result charged, the rest released, each a ledger row.
let ledgerRows = try await network.store.ledgerSize()
let conserved = try await network.store.moneySupply().isConserved
await network.stop()

print("idlegrid: coordinator + 2 workers (1 slot each) on loopback, trivial guest, results and replica evidence durable in SQLite (\(durability.rawValue))")
print(String(format: "  throughput: %.0f tasks/s (%d tasks in %.2f s)   (target: at least 10,000)", throughput, taskCount, throughputSeconds))
print(String(format: "  round trip: p50 %.2f ms, p99 %.2f ms over %d single-task jobs, submit with wait", p50, p99, latencyRounds))
print(String(format: "              p50 %.2f ms, p99 %.2f ms with submit, then a long-polled status (two requests)", twoRequests.p50, twoRequests.p99))
print("  billed: \(ledgerRows) ledger rows written (holds, a charge per result, releases), money conserved: \(conserved ? "yes" : "NO")")
for run in concurrent {
    print(String(format: "  %d concurrent clients: %.0f single-task jobs/s, p50 %.2f ms, p99 %.2f ms, %d of %d completed%@",
                 run.clients, run.rate, run.p50, run.p99, run.completed, run.clients * jobsPerClient,
                 run.clients == 256 ? "   (target: at least 5,000 jobs/s, p99 under 100 ms)" : ""))
}

// The peers, in the same run on the same machine.
guard measurePeer else { exit(0) }

/// Runs a peer's script; its last line of output is a JSON object of throughput, p50 and p99.
func peer(_ script: String) throws -> (throughput: Double, p50: Double, p99: Double)? {
    let python = Process()
    // Bounded: a peer that hangs (a cluster that never starts) costs five minutes, not the run.
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["timeout", "300", "python3", benchmarkDirectory.appendingPathComponent(script).path, "\(taskCount)", "\(latencyRounds)"]
    let pipe = Pipe()
    python.standardOutput = pipe
    python.standardError = FileHandle.nullDevice
    try python.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    python.waitUntilExit()
    guard python.terminationStatus == 0,
          let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last,
          let figures = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Double],
          let throughput = figures["throughput"], let p50 = figures["p50"], let p99 = figures["p99"]
    else { return nil }
    return (throughput, p50, p99)
}

if let dask = try peer("dask_peer.py") {
    print("dask distributed: LocalCluster, 2 worker processes, 1 thread each, the same counts")
    print(String(format: "  throughput: %.0f tasks/s", dask.throughput))
    print(String(format: "  round trip: p50 %.2f ms, p99 %.2f ms", dask.p50, dask.p99))
    print(String(format: "idlegrid/dask throughput ratio: %.2fx   (target: at least 15x)", throughput / dask.throughput))
} else {
    print("dask: not measured (pip install \"dask[distributed]\" to compare)")
}
if let ray = try peer("ray_peer.py") {
    print("ray: ray.init(num_cpus=2), a trivial remote function, the same counts")
    print(String(format: "  throughput: %.0f tasks/s", ray.throughput))
    print(String(format: "  round trip: p50 %.2f ms, p99 %.2f ms", ray.p50, ray.p99))
    print(String(format: "idlegrid/ray throughput ratio: %.2fx   (target: at least 4x)", throughput / ray.throughput))
    print(String(format: "idlegrid p99 round trip %.2f ms against ray's %.2f ms   (target: below ray's)", p99, ray.p99))
} else {
    print("ray: not measured (pip install ray to compare)")
}
