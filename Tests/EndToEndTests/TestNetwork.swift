import Foundation
import GridClient
import GridCoordinator
import GridEmbedded
import GridCore
import GridStore
import GridWorker
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// The end-to-end tests' network: the embedded one (``EmbeddedNetwork``, the same the demo and
/// the benchmark start), with quick heartbeats and quiet logs.
typealias TestNetwork = EmbeddedNetwork

extension EmbeddedNetwork {
    static let logger: Logger = {
        var logger = Logger(label: "idlegrid.test")
        logger.logLevel = ProcessInfo.processInfo.environment["IDLEGRID_TEST_LOG"] == nil ? .critical : .info
        return logger
    }()

    /// The options for `configuration`, with heartbeats every 200 ms and workers that bid nothing
    /// (so a hand-made worker of a test, which bids nothing, is no cheaper than the others).
    static func testOptions(_ configuration: CoordinatorConfiguration) -> Options {
        var options = Options()
        options.coordinator = configuration
        options.coordinator.heartbeatMilliseconds = 200
        // The whole suite at once on two cores can hold a handshake past the default 5 s; the
        // tests of the deadline set their own.
        if configuration.handshakeTimeout == CoordinatorConfiguration().handshakeTimeout {
            options.coordinator.handshakeTimeout = .seconds(30)
        }
        options.logger = logger
        options.workerPrices = WorkerPrices()
        // A throwaway database: no sync per commit (see withTemporaryStore); the tests that kill
        // a coordinator use a real file and a process of its own.
        options.durability = .processCrashSafe
        return options
    }

    /// Starts a coordinator over `store` (a new temporary one when nil) and `workers` workers of
    /// `slots` each, runs `body`, stops everything.
    ///
    /// It returns nothing, so that a call without options is never taken for the library's
    /// ``EmbeddedNetwork/with(workers:slots:options:store:_:)`` (which has none of the test settings).
    static func with(
        workers: Int = 2, slots: Int = 2, configuration: CoordinatorConfiguration = CoordinatorConfiguration(),
        store: SQLiteGridStore? = nil, clientFunds: Amount? = nil, workerPrices: WorkerPrices? = nil,
        _ body: (EmbeddedNetwork) async throws -> Void
    ) async throws {
        var options = testOptions(configuration)
        if let clientFunds { options.clientFunds = clientFunds }
        if let workerPrices { options.workerPrices = workerPrices }
        try await with(workers: workers, slots: slots, options: options, store: store, body)
    }

    /// A network over `store` (a new temporary one when nil).
    convenience init(configuration: CoordinatorConfiguration, store: SQLiteGridStore? = nil) async throws {
        try await self.init(options: Self.testOptions(configuration), store: store)
    }
}

/// The path of `grid.sqlite` in a new directory that is removed, with everything in it, when
/// `body` returns: a database that outlives one coordinator, for restart tests.
func withDatabaseDirectory(_ name: String, _ body: (_ directory: URL, _ database: String) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-\(name)-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try await body(directory, directory.appendingPathComponent("grid.sqlite").path)
}

/// Waits until `condition` holds: an event to wait for instead of a sleep and a hope.
func waitUntil(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("timed out waiting until \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// The problem document a refused request threw; records an issue when it was accepted or
/// failed some other way.
func problem(_ body: () async throws -> Void) async -> Problem? {
    do {
        try await body()
        Issue.record("the request was accepted")
        return nil
    } catch let problem as Problem {
        return problem
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// A test precondition that did not hold.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The built guests.
enum Guest {
    static func bytes(_ name: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Guests/build/\(name).wasm")
        guard let data = FileManager.default.contents(atPath: url.path) else { throw TestFailure("no guest at \(url.path)") }
        return data
    }
}
