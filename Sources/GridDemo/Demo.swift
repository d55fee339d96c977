import Foundation
import GridClient
import GridCoordinator
import GridEmbedded
public import GridCore
public import GridLedger
import GridSandbox
import GridStore
import GridWorker
import Logging
import ServiceLifecycle

/// `idlegrid demo`: a whole network in one process. An embedded coordinator on SQLite and three
/// workers render a Mandelbrot picture in tiles through the real API, protocol and sandbox; the
/// tiles are assembled into a PNG.
public enum Demo {
    /// What the demo renders.
    public struct Options: Sendable {
        /// Picture width in pixels.
        public var width = 1024
        /// Picture height in pixels.
        public var height = 768
        /// Tile edge in pixels (1024×768 in 128-pixel tiles is 48 tiles).
        public var tile = 128
        /// Mandelbrot iterations.
        public var iterations = 256
        /// Workers to start, one slot each.
        public var workers = 3
        /// Where to write the PNG.
        public var output = "mandelbrot.png"
        /// The mandelbrot guest; found next to the sources when nil.
        public var modulePath: String?

        /// The defaults.
        public init() {}
    }

    /// What happened.
    public struct Report: Sendable {
        /// Tiles rendered.
        public let tiles: Int
        /// Tiles per worker name.
        public let tilesPerWorker: [String: Int]
        /// Fuel spent in total.
        public let fuel: UInt64
        /// From submission to the last result.
        public let wallTime: Duration
        /// Where the picture is.
        public let output: String
        /// The tile checked against a local sandbox run, and whether it matched.
        public let verifiedTile: (index: Int, matches: Bool)
        /// What the job cost, from its ledger rows.
        public let bill: JobBill
        /// The workers' names, by id.
        public let workerNames: [WorkerID: String]
        /// The ledger as an auditor checked it over HTTP at the end.
        public let audit: LedgerAudit
    }

    /// The built mandelbrot guest next to this checkout's sources.
    static var bundledModulePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Guests/build/mandelbrot.wasm").path
    }

    /// Runs the demo; `progress` hears (tiles done, tiles in all) as results arrive.
    public static func run(_ options: Options, progress: @escaping @Sendable (Int, Int) -> Void) async throws -> Report {
        let path = options.modulePath ?? bundledModulePath
        guard let module = FileManager.default.contents(atPath: path) else {
            throw DemoError("the mandelbrot guest is not at \(path): run Guests/build.sh, or pass --module")
        }
        guard options.width % options.tile == 0, options.height % options.tile == 0 else {
            throw DemoError("the picture (\(options.width)×\(options.height)) must divide into \(options.tile)-pixel tiles")
        }
        var logger = Logger(label: "idlegrid.demo")
        // The demo speaks through its report; shutdown noise (WebSockets cancelled) is not news.
        logger.logLevel = .critical
        var networkOptions = EmbeddedNetwork.Options()
        networkOptions.logger = logger
        networkOptions.workerFuelPerSecond = nil  // each worker benchmarks itself, as a real one does
        let network = try await EmbeddedNetwork(options: networkOptions)
        do {
            // The workers are devices of one provider account, enrolled with its key.
            for index in 1...options.workers {
                try await network.startWorker(name: "worker-\(index)", slots: 1)
            }
            try await network.waitForWorkers(options.workers, timeout: .seconds(60))
            let client = network.client
            let stored = try await client.uploadModule(module)
            let columns = options.width / options.tile, rows = options.height / options.tile
            let tiles = (0..<rows).flatMap { row in
                (0..<columns).map { column in
                    ["\(options.width)", "\(options.height)", "\(column * options.tile)", "\(row * options.tile)",
                     "\(options.tile)", "\(options.tile)", "\(options.iterations)"]
                }
            }
            let started = ContinuousClock.now
            let job = try await client.submit(JobSubmission(module: stored.hash, tasks: tiles.map { TaskInput(arguments: $0) }))
            let finished = try await client.waitForCompletion(of: job.id) { progress($0.tasksFinished, tiles.count) }
            let wallTime = ContinuousClock.now - started
            guard finished.state == .completed else { throw DemoError("the job ended \(finished.state.rawValue)") }
            let results = try await client.results(of: job.id).results
            let names = Dictionary(uniqueKeysWithValues: try await client.workers().map { ($0.id, $0.name) })

            // Assemble the picture, tile by tile.
            var rgb = [UInt8](repeating: 0, count: options.width * options.height * 3)
            for result in results {
                let column = result.index % columns, row = result.index / columns
                let tileBytes = [UInt8](result.output)
                guard tileBytes.count == options.tile * options.tile * 3 else {
                    throw DemoError("tile \(result.index) has \(tileBytes.count) bytes, not \(options.tile * options.tile * 3)")
                }
                for line in 0..<options.tile {
                    let source = line * options.tile * 3
                    let target = ((row * options.tile + line) * options.width + column * options.tile) * 3
                    rgb.replaceSubrange(target..<target + options.tile * 3, with: tileBytes[source..<source + options.tile * 3])
                }
            }
            guard FileManager.default.createFile(atPath: options.output, contents: PNGEncoder.encode(rgb: rgb, width: options.width, height: options.height)) else {
                throw DemoError("cannot write \(options.output)")
            }

            // Check one tile, the picture's middle, against a run in this process's own sandbox.
            let checked = (rows / 2) * columns + columns / 2
            let sandbox = Sandbox()
            let local = try sandbox.run(
                sandbox.load([UInt8](module)), Invocation(programName: Invocation.taskProgramName, arguments: tiles[checked]), limits: .standard)
            let remote = results.first { $0.index == checked }?.output
            let perWorker = Dictionary(grouping: results) { names[$0.worker] ?? $0.worker.description }.mapValues(\.count)

            // The bill, from the public ledger once the job's escrow is released; then an audit of
            // the whole ledger over HTTP, as anyone could make it.
            let bill = try JobBill(job: job.id, rows: try await rowsOnceReleased(job.id, client: client))
            let audit = try await LedgerAuditor(source: client).audit()
            let report = Report(
                tiles: results.count, tilesPerWorker: perWorker, fuel: results.reduce(0) { $0 + $1.fuelUsed },
                wallTime: wallTime, output: options.output, verifiedTile: (checked, remote == Data(local.stdout)), bill: bill,
                workerNames: names, audit: audit)
            await network.stop()
            return report
        } catch {
            await network.stop()
            throw error
        }
    }
}

extension Demo {
    /// Every ledger row, read once the job's release is among them (it commits just after the
    /// job's last result).
    static func rowsOnceReleased(_ job: JobID, client: GridClient) async throws -> [LedgerRowView] {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            var rows: [LedgerRowView] = []
            var page = try await client.ledgerRows(from: 0)
            rows += page.rows
            while UInt64(rows.count) < page.size {
                page = try await client.ledgerRows(from: UInt64(rows.count))
                rows += page.rows
            }
            if rows.contains(where: { $0.kind == .release && $0.job == job }) { return rows }
            guard ContinuousClock.now < deadline else { throw DemoError("the job's escrow was not released within 10 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// The demo could not run.
public struct DemoError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}
