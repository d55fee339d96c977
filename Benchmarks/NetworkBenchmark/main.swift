// The network benchmark: trivial-task throughput and single-task round-trip latency through a
// coordinator and two workers on loopback, every result durable in SQLite before it counts; and
// the same workload on Dask distributed (2 worker processes, 1 thread each) in the same run.
//
//     swift run -c release NetworkBenchmark [--quick] [--no-peer]
//
// Dask needs `pip install "dask[distributed]"`; without it only Idlegrid's figures are printed.
import Foundation
import GridClient
import GridCoordinator
import GridCore
import GridStore
import GridWorker
import Logging
import ServiceLifecycle

let quick = CommandLine.arguments.contains("--quick")
let measurePeer = !CommandLine.arguments.contains("--no-peer")
let taskCount = quick ? 2_000 : 20_000
let latencyRounds = quick ? 100 : 500
let benchmarkDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let repository = benchmarkDirectory.deletingLastPathComponent().deletingLastPathComponent()

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
}

#if DEBUG
print("warning: this is a debug build; run `swift run -c release NetworkBenchmark` for real figures\n")
#endif

var logger = Logger(label: "idlegrid.benchmark")
logger.logLevel = .critical
let store = try await SQLiteGridStore.temporary(logger: logger)
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-bench-\(UUID())")
let (readyStream, readyContinuation) = AsyncStream.makeStream(of: Coordinator.Ready.self)
let coordinator = Coordinator(configuration: CoordinatorConfiguration(port: 0), store: store, logger: logger) { readyContinuation.yield($0) }
let coordinatorGroup = ServiceGroup(configuration: .init(services: [coordinator], logger: logger))
let coordinatorTask = Task { try await coordinatorGroup.run() }
guard let ready = await readyStream.first(where: { _ in true }), let operatorKey = ready.newOperatorKey else {
    throw BenchmarkFailure(description: "the coordinator did not start")
}
let base = URL(string: "http://127.0.0.1:\(ready.port)")!
let operatorClient = GridClient(baseURL: base, apiKey: operatorKey)
// The workers belong to a provider account, and enroll with its key.
let provider = try await operatorClient.createAccount(NewAccount(name: "bench-provider", role: .provider))
let agents = (1...2).map { index in
    WorkerAgent(
        configuration: WorkerConfiguration(
            coordinator: base, slots: 1, keyPath: directory.appendingPathComponent("w\(index).key").path,
            cacheDirectory: directory.appendingPathComponent("w\(index)").path, name: "w\(index)", fuelPerSecond: 1_000_000_000,
            credential: .apiKey(provider.apiKey)),
        logger: logger)
}
let workerGroup = ServiceGroup(configuration: .init(services: agents, logger: logger))
let workerTask = Task { try await workerGroup.run() }

let client = operatorClient.with(apiKey: try await operatorClient.createAccount(NewAccount(name: "bench", role: .client)).apiKey)
while try await client.status().workers < 2 { try await Task.sleep(for: .milliseconds(20)) }
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

await workerGroup.triggerGracefulShutdown()
_ = await workerTask.result
await coordinatorGroup.triggerGracefulShutdown()
_ = await coordinatorTask.result
try await store.close()
try? FileManager.default.removeItem(at: directory)

print("idlegrid: coordinator + 2 workers (1 slot each) on loopback, trivial guest, results durable in SQLite")
print(String(format: "  throughput: %.0f tasks/s (%d tasks in %.2f s)   (target: at least 5,000)", throughput, taskCount, throughputSeconds))
print(String(format: "  round trip: p50 %.2f ms, p99 %.2f ms over %d single-task jobs, submit with wait   (target: p50 under 2 ms)", p50, p99, latencyRounds))
print(String(format: "              p50 %.2f ms, p99 %.2f ms with submit, then a long-polled status (two requests)", twoRequests.p50, twoRequests.p99))

// The peer, in the same run on the same machine.
guard measurePeer else { exit(0) }
let python = Process()
python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
python.arguments = ["python3", benchmarkDirectory.appendingPathComponent("dask_peer.py").path, "\(taskCount)", "\(latencyRounds)"]
let pipe = Pipe()
python.standardOutput = pipe
python.standardError = FileHandle.nullDevice
try python.run()
let output = pipe.fileHandleForReading.readDataToEndOfFile()
python.waitUntilExit()
guard python.terminationStatus == 0,
      let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last,
      let peer = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Double],
      let daskThroughput = peer["throughput"], let daskP50 = peer["p50"], let daskP99 = peer["p99"]
else {
    print("dask: not measured (pip install \"dask[distributed]\" to compare)")
    exit(0)
}
print("dask distributed: LocalCluster, 2 worker processes, 1 thread each, the same counts")
print(String(format: "  throughput: %.0f tasks/s", daskThroughput))
print(String(format: "  round trip: p50 %.2f ms, p99 %.2f ms", daskP50, daskP99))
print(String(format: "idlegrid/dask throughput ratio: %.2fx   (target: at least 8x)", throughput / daskThroughput))
