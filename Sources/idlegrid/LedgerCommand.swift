import ArgumentParser
import Foundation
import GridClient
import GridCore
import GridLedger

/// `idlegrid ledger`: audit a coordinator's ledger from its public data, as anyone can.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Audit the ledger: its signed checkpoint, every row, proofs.",
        discussion: """
            The ledger is public: these commands need no API key. Its log is an RFC 6962 Merkle tree whose \
            checkpoints are C2SP signed notes, so Go's golang.org/x/mod/sumdb tools check it too.
            """,
        subcommands: [Verify.self, Checkpoint.self, Proof.self, Rows.self, Settlements.self])

    /// Where the last audit's checkpoint and key are kept, per coordinator.
    struct AuditState: Codable {
        var verifierKey: String
        var checkpoint: String

        static func defaultPath(for url: URL) -> String {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.temporaryDirectory.path
            let name = "\(url.host ?? "coordinator")-\(url.port ?? (url.scheme == "https" ? 443 : 80))"
            return "\(home)/.idlegrid/ledgers/\(name).json"
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-hash every row, rebuild the tree, check the signed checkpoint and that the log only grew since the last audit.",
            discussion: """
                Every row's entry is fetched (tlog-tiles entry bundles), decoded strictly and re-hashed; the tree \
                rebuilt from them must have the checkpoint's root, and the balances replayed from zero must never \
                go below zero. The checkpoint and the log's key are kept in the state file; the next audit refuses \
                a log signed by another key and checks a consistency proof from that checkpoint. A row changed \
                after it was logged is named. Exit status: 0 verified, 3 the log does not verify, 1 it could not \
                be read.
                """)
        @Option(help: "The verifier key to trust (name+keyhash+base64key); default the one the state file holds, else the log's own.")
        var key: String?
        @Option(help: "Where the last audit's checkpoint is kept (default ~/.idlegrid/ledgers/HOST-PORT.json).")
        var state: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: PublicOptions

        func validate() throws {
            if let key, (try? NoteVerifier(verifierKey: key)) == nil {
                throw ValidationError("--key must be a note verifier key, name+keyhash+base64key as GET /v1/ledger/key answers, not '\(key)'")
            }
        }

        func run() async throws {
            try await reportingFailures {
                let client = try options.client()
                let path = state ?? AuditState.defaultPath(for: client.baseURL)
                let saved = try Self.load(path)
                let audit: LedgerAudit
                do {
                    audit = try await LedgerAuditor(source: client, trustedKey: key ?? saved?.verifierKey)
                        .audit(since: key == nil || key == saved?.verifierKey ? saved?.checkpoint : nil)
                } catch let error as LedgerAuditError where error != .unreadable("", CLIFailure("")) {
                    FileHandle.standardError.write(Data("the ledger does not verify: \(error.message)\n".utf8))
                    throw ExitCode(3)
                }
                try Self.save(AuditState(verifierKey: try await client.verifierKey(), checkpoint: audit.note), to: path)
                if json {
                    try printJSON(Report(audit))
                    return
                }
                let rows = audit.checkpoint.size == 1 ? "1 row" : "\(audit.checkpoint.size) rows"
                print("verified \(rows) of \(audit.checkpoint.origin): root \(audit.checkpoint.rootHash.base64)")
                if let previous = audit.previous {
                    print("the log extends the \(previous.size) rows of the last audit (\(path))")
                } else {
                    print("first audit of this log; its checkpoint is kept in \(path)")
                }
                let accounts = audit.balances.count == 1 ? "1 account" : "\(audit.balances.count) accounts"
                print("minted \(audit.minted), burned \(audit.burned); \(accounts) replayed, none below zero")
                let blocks = audit.settlements.count == 1 ? "1 settlement block" : "\(audit.settlements.count) settlement blocks"
                print("\(blocks) checked: chained, signed, and their postings pay exactly what the rows owe")
            }
        }

        struct Report: Encodable {
            let origin: String
            let size: UInt64
            let root: String
            let previousSize: UInt64?
            let minted: Amount
            let burned: Amount
            let accounts: Int
            let settlements: Int

            init(_ audit: LedgerAudit) {
                settlements = audit.settlements.count
                origin = audit.checkpoint.origin
                size = audit.checkpoint.size
                root = audit.checkpoint.rootHash.base64
                previousSize = audit.previous?.size
                minted = audit.minted
                burned = audit.burned
                accounts = audit.balances.count
            }
        }

        static func load(_ path: String) throws -> AuditState? {
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            do {
                return try JSONDecoder().decode(AuditState.self, from: data)
            } catch {
                throw CLIFailure("the audit state \(path) cannot be read (\(error)); remove it to start over")
            }
        }

        static func save(_ state: AuditState, to path: String) throws {
            let url = URL(fileURLWithPath: path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try JSONEncoder().encode(state).write(to: url, options: .atomic)
            } catch {
                throw CLIFailure("cannot write the audit state \(path): \(error.localizedDescription)")
            }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the ledger's signed checkpoint, after checking its signature with the log's key.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: PublicOptions

        func run() async throws {
            try await reportingFailures {
                let client = try options.client()
                let key = try await client.verifierKey()
                let note = try await client.checkpoint()
                let checkpoint = try GridLedger.Checkpoint.open(note: note, verifiers: [NoteVerifier(verifierKey: key)])
                if json {
                    try printJSON(["origin": checkpoint.origin, "size": String(checkpoint.size), "root": checkpoint.rootHash.base64,
                                   "key": key, "note": note])
                } else {
                    print(note, terminator: "")
                }
            }
        }
    }

    struct Proof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove that one row is in the ledger: fetch it and its inclusion proof and check both against the signed checkpoint.")
        // Every unrecognised word, so that `proof -1` is refused as an index, not as an unknown flag.
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The row's index (from 0).", valueName: "index")) var words: [String] = []
        @Flag(help: "Print JSON: the row, the checkpoint's size and root, and the proof's hashes (base64, RFC 6962 order).") var json = false
        @OptionGroup var options: PublicOptions

        /// The proof as `--json` prints it: enough to check it again without the coordinator.
        struct Printed: Encodable {
            let row: LedgerRowView
            let entry: String
            let treeSize: UInt64
            let rootHash: String
            let proof: [String]
        }

        var index: UInt64 { UInt64(words[0])! }

        func validate() throws {
            guard words.count == 1 else {
                throw ValidationError(words.isEmpty ? "give the row's index, e.g. 'ledger proof 0'" : "give one row index, not \(words.count) ('\(words.joined(separator: " "))')")
            }
            guard UInt64(words[0]) != nil else {
                throw ValidationError("the row index must be a whole number from 0, not '\(words[0])'")
            }
        }

        func run() async throws {
            try await reportingFailures {
                let client = try options.client()
                let note = try await client.checkpoint()
                let key = try await client.verifierKey()
                let checkpoint = try GridLedger.Checkpoint.open(note: note, verifiers: [NoteVerifier(verifierKey: key)])
                guard index < checkpoint.size else {
                    FileHandle.standardError.write(Data("Error: the ledger has \(checkpoint.size) rows; there is no row \(index)\n".utf8))
                    throw ExitCode(1)
                }
                let bundle = Tile.entryBundles(treeSize: checkpoint.size)[Int(index / UInt64(Tile.fullWidth))]
                let data = try await client.tile(bundle)
                let entry = try EntryBundle(decoding: data, width: bundle.width).entries[Int(index % UInt64(Tile.fullWidth))]
                let row = try LedgerRow(decoding: entry)
                let hashes = try await client.inclusionProof(index: index, size: checkpoint.size)
                do {
                    try InclusionProof(leafIndex: index, treeSize: checkpoint.size, hashes: hashes)
                        .verify(leafHash: .leaf(entry), root: checkpoint.rootHash)
                } catch {
                    FileHandle.standardError.write(Data("row \(index) is not proved in the checkpoint: \(error)\n".utf8))
                    throw ExitCode(3)
                }
                if json {
                    try printJSON(Printed(
                        row: LedgerRowView(row), entry: String(decoding: entry, as: UTF8.self), treeSize: checkpoint.size,
                        rootHash: checkpoint.rootHash.base64, proof: hashes.map(\.base64)))
                } else {
                    print(String(decoding: entry, as: UTF8.self), terminator: "")
                    print("row \(index) is in the checkpoint of \(checkpoint.size) rows (\(hashes.count) proof hashes)")
                }
            }
        }
    }

    struct Rows: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rows' public columns, at most 1,000 at once.")
        @Option(help: "The first row (default 0).") var from: UInt64?
        @Option(help: "The row after the last (default from + 1000, or the end).") var to: UInt64?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: PublicOptions

        func run() async throws {
            try await reportingFailures {
                let page = try await options.client().ledgerRows(from: from, to: to)
                if json { try printJSON(page); return }
                if page.rows.isEmpty { print("no rows (the ledger has \(page.size))") }
                for row in page.rows {
                    var line = "#\(row.index)\t\(row.time)\t\(row.kind.rawValue)"
                    if let amount = row.amount { line += "\t\(amount)" }
                    if let total = row.total { line += "\t\(total)" }
                    if let job = row.job { line += "\tjob \(job)" }
                    if let fuel = row.fuel { line += "\t\(fuel) fuel" }
                    print(line)
                }
            }
        }
    }

    struct Settlements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the settlement blocks and check their hash chain and signed checkpoints.",
            discussion: """
                Each settlement period that posted anything is one block: the rows it settled, the log's signed \
                checkpoint at their end, the minimum payout, and the leaf hash of each posting row. Every block must \
                name the hash of the one before it and carry a checkpoint signed by the log's key. `ledger verify` \
                also checks each block's postings against the rows themselves. Exit status: 0 the chain holds, 3 it \
                does not, 1 it could not be read.
                """)
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: PublicOptions

        func run() async throws {
            try await reportingFailures {
                let client = try options.client()
                let verifier = try NoteVerifier(verifierKey: try await client.verifierKey())
                let views: [SettlementBlockView]
                do {
                    views = try await SettlementChain.read(from: client, verifier: verifier).map { SettlementBlockView($0.block) }
                } catch let error as LedgerAuditError where error != .unreadable("", CLIFailure("")) {
                    FileHandle.standardError.write(Data("the settlement chain does not hold: \(error.message)\n".utf8))
                    throw ExitCode(3)
                }
                if json { try printJSON(SettlementBlocks(blocks: views)); return }
                if views.isEmpty { print("no settlements yet") }
                for view in views {
                    let end = Date(timeIntervalSince1970: TimeInterval((view.period + 1) * view.periodSeconds))
                    let postings = view.postingsTo - view.rowsTo
                    print("block \(view.sequence)\tperiod \(view.period) (ended \(end.formatted(.iso8601)))\trows \(view.rowsFrom)..<\(view.rowsTo)\t\(postings) postings\t\(view.hash)")
                }
                if !views.isEmpty { print("the chain of \(views.count) blocks holds: each names the one before and its checkpoint is signed by the log's key") }
            }
        }
    }
}
