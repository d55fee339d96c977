import ArgumentParser
import Foundation
import GridCore
import GridDemo
import Synchronization

/// `idlegrid demo`: the whole network in one command.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Render a fractal on an embedded coordinator and three local workers.",
        discussion: """
            Starts a coordinator (SQLite in a temporary file) and three workers in this process, \
            publishes the mandelbrot guest, renders the picture in tiles spread over the workers, \
            writes a PNG, prints who did what, and shuts everything down.
            """
    )

    @Option(name: .shortAndLong, help: "Where to write the PNG.")
    var output = "mandelbrot.png"

    @Option(help: "Picture width (a multiple of 128).")
    var width = 1024

    @Option(help: "Picture height (a multiple of 128).")
    var height = 768

    @Option(help: "Mandelbrot iterations per pixel.")
    var iterations = 256

    @Option(help: "Workers to start.")
    var workers = 3

    @Option(help: "The mandelbrot guest (default: Guests/build/mandelbrot.wasm of this checkout).")
    var module: String?

    func validate() throws {
        guard width > 0, height > 0, width % 128 == 0, height % 128 == 0, width <= 8192, height <= 8192 else {
            throw ValidationError("--width and --height must be multiples of 128 up to 8192")
        }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
        guard (1...100_000).contains(iterations) else { throw ValidationError("--iterations must be between 1 and 100000") }
    }

    func run() async throws {
        var options = Demo.Options()
        options.output = output
        options.width = width
        options.height = height
        options.iterations = iterations
        options.workers = workers
        options.modulePath = module
        let tiles = (width / 128) * (height / 128)
        print("idlegrid demo: an embedded coordinator and \(workers) workers render a \(width)×\(height) fractal in \(tiles) tiles")
        let bar = Mutex(ProgressBar(total: tiles, label: "tiles"))
        let report: Demo.Report
        do {
            report = try await Demo.run(options) { done, _ in bar.withLock { $0.update(done) } }
        } catch {
            bar.withLock { $0.finish() }
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(1)
        }
        bar.withLock { $0.finish() }
        let seconds = report.wallTime.inSeconds
        print("wrote \(report.output) (\(width)×\(height))")
        print("tiles per worker:")
        for (name, count) in report.tilesPerWorker.sorted(by: { $0.key < $1.key }) {
            print("  \(name): \(count)")
        }
        print("fuel: \(Summary.grouped(report.fuel)), wall time: \(String(format: "%.2f", seconds)) s, \(String(format: "%.0f", Double(report.tiles) / max(seconds, 0.001))) tiles/s")
        print("tile \(report.verifiedTile.index) \(report.verifiedTile.matches ? "matches" : "DOES NOT match") a local sandbox run of the same tile")
        printBill(report)
        let audit = report.audit
        print("ledger verified over HTTP as an auditor would: \(audit.checkpoint.size) rows, root \(audit.checkpoint.rootHash.base64), signed by \(audit.checkpoint.origin)")
        if !report.verifiedTile.matches { throw ExitCode(1) }
    }
}

extension DemoCommand {
    /// The job's bill: its parts add up (the demo checked that before it returned).
    private func printBill(_ report: Demo.Report) {
        let bill = report.bill
        print("bill (from the public ledger): held \(bill.held), paid \(bill.paid) for \(bill.charges) replicas, released \(bill.released)")
        print("  burned (base fee)  \(bill.burned)")
        for recipient in PayoutRecipient.allCases where recipient != .burn {
            guard let share = bill.shares[recipient] else { continue }
            print("  \(recipient.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(share)")
        }
        print("paid per worker:")
        for (worker, amount) in bill.perWorker.sorted(by: { (report.workerNames[$0.key] ?? "") < (report.workerNames[$1.key] ?? "") }) {
            print("  \(report.workerNames[worker] ?? worker.description): \(amount)")
        }
    }
}
