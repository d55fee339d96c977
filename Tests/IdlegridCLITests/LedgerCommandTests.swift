import Foundation
import Testing

/// `idlegrid ledger` against a real coordinator process, as an auditor with nothing but the URL.
@Suite("idlegrid ledger audits a coordinator's ledger", .serialized)
struct LedgerCommandTests {
    @Test func verifyKeepsTheCheckpointProvesARowAndNamesARowChangedInTheDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-ledger-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("grid.sqlite3").path
        var coordinator = try BackgroundCLI(["coordinator", "--db", database, "--port", "0"])
        // Whichever coordinator runs when the test ends is stopped.
        defer { coordinator.stop() }
        let url = try await coordinator.waitForLine(matching: #"listening on (http://\S+)"#)
        let key = try await coordinator.waitForLine(matching: #"operator API key \(shown once, keep it\): ([0-9a-f]{64})"#)
        // The auditor needs no key; its state goes under its own HOME.
        let auditor = ["IDLEGRID_COORDINATOR": url, "HOME": directory.path]

        let empty = try await CLIProcess.run(["ledger", "verify"], environment: auditor)
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdoutText.contains("verified 0 rows") && empty.stdoutText.contains("first audit"), "\(empty.stdoutText)")
        try await CLIFunding.fundOwnAccount(url: url, key: key, amount: "12.5 GRID")
        try await CLIFunding.fundOwnAccount(url: url, key: key, amount: "1 GRID")
        let grown = try await CLIProcess.run(["ledger", "verify", "--json"], environment: auditor)
        #expect(grown.status == 0, "\(grown.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(grown.stdout)) as? [String: Any])
        #expect(report["size"] as? Int == 2 && report["previousSize"] as? Int == 0)
        #expect(report["minted"] as? String == "13500000000000000000")
        let state = directory.appendingPathComponent(".idlegrid/ledgers").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: state).count == 1)

        let proof = try await CLIProcess.run(["ledger", "proof", "1"], environment: auditor)
        #expect(proof.status == 0 && proof.stdoutText.contains("row 1 is in the checkpoint of 2 rows"), "\(proof.stdoutText)\(proof.stderr)")
        #expect(try await CLIProcess.run(["ledger", "proof", "2"], environment: auditor).stderr.contains("there is no row 2"))
        // --json carries the proof itself, so it can be checked again without the coordinator.
        let printed = try await CLIProcess.run(["ledger", "proof", "1", "--json"], environment: auditor)
        let proved = try #require(try JSONSerialization.jsonObject(with: Data(printed.stdout)) as? [String: Any], "\(printed.stderr)")
        #expect(proved["treeSize"] as? Int == 2 && (proved["proof"] as? [String])?.count == 1, "\(printed.stdoutText)")
        #expect((proved["entry"] as? String)?.hasPrefix("idlegrid-ledger-row 1\nindex 1\n") == true && proved["rootHash"] is String, "\(printed.stdoutText)")
        // A negative index is refused as an index, not taken for an unknown flag.
        let negative = try await CLIProcess.run(["ledger", "proof", "-1"], environment: auditor)
        #expect(negative.status == 64 && negative.stderr.contains("the row index must be a whole number from 0, not '-1'"), "\(negative.stderr)")
        let rows = try await CLIProcess.run(["ledger", "rows"], environment: auditor)
        #expect(rows.stdoutText.contains("#0\t") && rows.stdoutText.contains("mint\t12.5 GRID"), "\(rows.stdoutText)")
        let checkpoint = try await CLIProcess.run(["ledger", "checkpoint"], environment: auditor)
        #expect(checkpoint.stdoutText.hasPrefix("idlegrid.local/ledger\n2\n"), "\(checkpoint.stdoutText)")

        // Someone with the database file changes row 0's minter while the coordinator runs (no
        // balance moves); the coordinator serves entries as stored, so an auditor sees it.
        let python = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], timeout=10)
            db.execute("DROP TRIGGER ledger_rows_no_update")
            entry = db.execute("SELECT entry FROM ledger_rows WHERE idx = 0").fetchone()[0]
            start = entry.index(b"minter ") + len(b"minter ")
            db.execute("UPDATE ledger_rows SET entry = ? WHERE idx = 0", (entry[:start] + b"0" * 8 + entry[start + 8:],))
            db.commit()
            """
        let tamper = Process()
        tamper.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tamper.arguments = ["python3", "-c", python, database]
        try tamper.run()
        tamper.waitUntilExit()
        #expect(tamper.terminationStatus == 0)
        let caught = try await CLIProcess.run(["ledger", "verify"], environment: auditor)
        #expect(caught.status == 3)
        #expect(caught.stderr.contains("row 0 does not hash to the leaf"), "\(caught.stderr)")

        // Started again on that database, the coordinator refuses it, naming the row.
        _ = coordinator.stop()
        coordinator = try BackgroundCLI(["coordinator", "--db", database, "--port", "0"])
        let status = try await coordinator.waitForExit()
        // The pipe's last bytes may arrive just after the exit.
        for _ in 0..<100 where !coordinator.printed.contains("no longer hashes") { try await Task.sleep(for: .milliseconds(20)) }
        #expect(status != 0 && coordinator.printed.contains("ledger row 0's entry no longer hashes to its stored leaf"), "\(coordinator.printed)")
    }
}
