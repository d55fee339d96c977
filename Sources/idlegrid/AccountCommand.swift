import ArgumentParser
import Foundation
import GridClient
import GridCore

/// `idlegrid account create|balance|fund|key`: an operator's new accounts and deposits, the
/// caller's balance and history, and the caller's API keys.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Manage your account.", subcommands: [Create.self, Balance.self, History.self, Fund.self, Charity.self, Key.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account and its API key (operator keys only).",
            discussion: """
                The new account's key is shown once: printed alone on standard output, or written to --output FILE \
                (created with mode 0600). Its id goes to standard error.
                """)
        @Argument(help: "The account's name.") var name: String
        @Option(help: "What it is for: client, provider, developer, operator or charity.") var role: String
        @Option(help: "Write the new key to this file (mode 0600) instead of printing it.") var output: String?
        @Flag(help: "Print JSON (with the key).") var json = false
        @OptionGroup var options: ClientOptions

        func validate() throws {
            guard let role = AccountRole(rawValue: role), role.isCreatable else {
                let roles = AccountRole.allCases.filter(\.isCreatable).map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--role must be one of \(roles), not '\(role)'")
            }
            if json, output != nil { throw ValidationError("give either --json or --output FILE, not both") }
        }

        func run() async throws {
            try await reportingFailures {
                let created = try await options.client().createAccount(NewAccount(name: name, role: AccountRole(rawValue: role)!))
                if json { try printJSON(created); return }
                if let output {
                    try SecretInput.save(created.apiKey, to: output)
                    FileHandle.standardError.write(Data("created \(created.role.rawValue) account \(created.account); wrote its API key to \(output)\n".utf8))
                } else {
                    FileHandle.standardError.write(Data("created \(created.role.rawValue) account \(created.account); its API key (shown once, keep it):\n".utf8))
                    print(created.apiKey)
                }
            }
        }
    }

    struct Balance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show your balance (available, held in escrow, pending, staked) and its latest changes.")
        @Option(help: "How many changes to show, newest first (1 to 500).") var limit = 20
        @Option(help: "Show rows older than this ledger index (a previous page's nextBefore).") var before: UInt64?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ClientOptions

        func validate() throws {
            guard (1...500).contains(limit) else { throw ValidationError("--limit must be between 1 and 500, not \(limit)") }
            if let before, before < 1 { throw ValidationError("--before must be a positive ledger index, not \(before)") }
        }

        func run() async throws {
            try await reportingFailures {
                let statement = try await options.client().statement(before: before, limit: limit)
                if json { try printJSON(statement); return }
                let balance = statement.balance
                print("\(statement.name) (\(statement.role.rawValue), \(statement.account))")
                print("available \(balance.available)\nheld      \(balance.held)\npending   \(balance.pending)\nstaked    \(balance.staked)")
                if statement.history.isEmpty { print("no history yet") }
                for event in statement.history { print(Self.line(event)) }
                if let next = statement.nextBefore { print("older: --before \(next)") }
            }
        }

        /// One row of history: index, time, kind, the changes to each part, the job, the memo.
        static func line(_ event: MoneyEvent) -> String {
            let parts = [("available", event.change.available), ("held", event.change.held), ("pending", event.change.pending),
                         ("staked", event.change.staked)]
                .filter { $0.1 != 0 }.map { "\($0.0) \($0.1 > 0 ? "+" : "")\(Amount(baseUnits: $0.1))" }
            let about = (event.job.map { "\tjob \($0)" } ?? "") + (event.kind == .statement ? event.amount.map { "\tcharged \($0)" } ?? "" : "")
            // A statement posts a payer's charges without moving its balance: say so, not a blank column.
            let change = parts.isEmpty ? "no balance change" : parts.joined(separator: ", ")
            return "#\(event.index)\t\(event.at.formatted(.iso8601))\t\(event.kind.rawValue)\t\(change)\(about)\(event.memo.map { "\t\($0)" } ?? "")"
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the ledger rows that changed your balance, newest first, page by page or all of them.",
            discussion: """
                Each line is one ledger row: its index (ledger proof INDEX proves it is in the signed log), when, its kind \
                (mint, hold, charge, release, payout, statement) and how it changed each part of your balance.
                """)
        @Option(help: "Rows per page (1 to 500).") var limit = 100
        @Option(help: "Start below this ledger index (a previous page's nextBefore).") var before: UInt64?
        @Option(help: "Only rows of this kind: \(MoneyEvent.Kind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: String?
        @Option(help: "Only rows about this job.") var job: String?
        @Flag(help: "Follow every page to the first row.") var all = false
        @Flag(help: "Print JSON (the rows, in one array).") var json = false
        @OptionGroup var options: ClientOptions

        func validate() throws {
            guard (1...500).contains(limit) else { throw ValidationError("--limit must be between 1 and 500, not \(limit)") }
            if let before, before < 1 { throw ValidationError("--before must be a positive ledger index, not \(before)") }
            if let kind, MoneyEvent.Kind(rawValue: kind) == nil {
                throw ValidationError("--kind must be one of \(MoneyEvent.Kind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(kind)'")
            }
            if let job, JobID(job) == nil { throw ValidationError("--job must be a job id (a UUID), not '\(job)'") }
        }

        func run() async throws {
            try await reportingFailures {
                let client = try options.client()
                let wanted = kind.flatMap(MoneyEvent.Kind.init(rawValue:))
                let about = job.flatMap(JobID.init)
                var events: [MoneyEvent] = []
                var next = before
                var more = false
                // A filtered page reads on until it has --limit rows or the history ends, so a
                // page is never empty while older rows match.
                repeat {
                    let page = try await client.statement(before: next, limit: limit)
                    events += page.history.filter { event in
                        (wanted.map { event.kind == $0 } ?? true) && (about.map { event.job == $0 } ?? true)
                    }
                    next = page.nextBefore
                    more = next != nil
                } while more && (all || events.count < limit)
                if !all, events.count > limit {
                    next = events[limit - 1].index
                    events = Array(events.prefix(limit))
                }
                if json { try printJSON(events); return }
                if events.isEmpty { print("no rows") }
                for event in events { print(Balance.line(event)) }
                if !all, let next { print("older: --before \(next)") }
            }
        }
    }


    struct Fund: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mint GRID onto an account (operator keys only).",
            discussion: "AMOUNT is GRID with its unit (\"12.5 GRID\") or a bare integer of base units (10^-18 GRID).")
        @Argument(help: "The account's id.") var account: String
        @Argument(help: "How much, e.g. \"12.5 GRID\".") var amount: String
        @Option(help: "A note kept with the deposit (at most 256 characters).") var memo: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ClientOptions

        func validate() throws {
            guard AccountID(account) != nil else { throw ValidationError("'\(account)' is not an account id") }
            let parsed: Amount
            do { parsed = try Amount(parsing: amount) } catch { throw ValidationError("AMOUNT: \(error.message)") }
            guard parsed.baseUnits > 0 else { throw ValidationError("AMOUNT must be above zero, not \(parsed)") }
        }

        func run() async throws {
            try await reportingFailures {
                let id = AccountID(account)!
                let parsed = try Amount(parsing: amount)
                let made = try await options.client().deposit(NewDeposit(amount: parsed, memo: memo), to: id)
                if json { try printJSON(made) } else { print("minted \(parsed) onto \(id); available now \(made.balance.available)") }
            }
        }
    }

    struct Charity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a percentage of your shares to a charity account, from the next charge on (or stop with --none).",
            discussion: "Only accounts that earn shares (provider, developer, operator) direct them; the charity must be an account of role charity.")
        @Argument(help: "The charity's account id.") var charity: String?
        @Argument(help: "The percentage of each of your shares, e.g. 10 or 2.5 (0.0001 to 100).") var percent: String?
        @Flag(help: "Stop giving.") var none = false
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ClientOptions

        func validate() throws {
            if none {
                guard charity == nil, percent == nil else { throw ValidationError("--none takes no charity or percentage") }
                return
            }
            guard let charity, AccountID(charity) != nil else {
                throw ValidationError("give the charity's account id (a UUID) and a percentage, or --none")
            }
            guard let percent, Self.partsPerMillion(percent) != nil else {
                throw ValidationError("the percentage must be a number from 0.0001 to 100 with at most 4 decimals, not '\(percent ?? "")'")
            }
        }

        /// "2.5" → 25,000 parts per million; nil outside 0.0001…100 or with more than 4 decimals.
        static func partsPerMillion(_ text: String) -> UInt32? {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), let whole = UInt32(parts[0]) else { return nil }
            let fraction = parts.count == 2 ? String(parts[1]) : ""
            guard fraction.count <= 4, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty else { return nil }
            let value = UInt64(whole) * 10_000 + UInt64((fraction + String(repeating: "0", count: 4 - fraction.count)))!
            guard (1...1_000_000).contains(value) else { return nil }
            return UInt32(value)
        }

        func run() async throws {
            try await reportingFailures {
                let client = try options.client()
                if none {
                    try await client.setCharity(nil)
                    if !json { print("your shares go to no charity from now on") }
                    return
                }
                let direction = try await client.setCharity(
                    CharityDirection(charity: AccountID(charity!)!, partsPerMillion: Self.partsPerMillion(percent!)!))
                if json { try printJSON(direction); return }
                print("\(percent!)% of each of your shares goes to \(direction!.charity) from the next charge on")
            }
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, revoke and rotate your API keys.", subcommands: [List.self, Revoke.self, Rotate.self])
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List your API keys: id, created, revoked, and the last 4 hex digits of each key's SHA-256.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingFailures {
                let list = try await options.client().apiKeys()
                if json { try printJSON(list); return }
                for key in list.keys {
                    let state = key.revokedAt.map { "revoked \(Self.format($0))" } ?? "active"
                    print("\(key.id)\tcreated \(Self.format(key.createdAt))\t\(state)\t…\(key.lastDigits)\(key.current ? "\t(this key)" : "")")
                }
            }
        }

        static func format(_ date: Date) -> String {
            date.formatted(.iso8601)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke one of your API keys; it is refused from the next request on.",
            discussion: "Your account's last active key cannot be revoked: rotate it instead.")
        @Argument(help: "The key's id, as 'account key list' shows it.") var id: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var options: ClientOptions

        func validate() throws {
            // Here, so that the error comes with this command's usage, not the top level's.
            guard APIKeyID(id) != nil else { throw ValidationError("'\(id)' is not an API key id (see 'idlegrid account key list')") }
        }

        func run() async throws {
            try await reportingFailures {
                guard let id = APIKeyID(id) else { throw ValidationError("'\(id)' is not an API key id (see 'idlegrid account key list')") }
                let key = try await options.client().revokeAPIKey(id)
                // Revoking again changes nothing; the time printed is when it was first revoked.
                let when = key.revokedAt.map { " (revoked at \($0.formatted(.iso8601)))" } ?? ""
                if json { try printJSON(key) } else { print("revoked API key \(key.id)\(when)") }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a new API key and revoke the one this command used.",
            discussion: """
                The new key is shown once: printed alone on standard output, or written to --output FILE \
                (created mode 0600; a file already there, such as the old key's, is replaced). The old key \
                is revoked only after the new one is safe, and with --keep-old not at all.
                """)
        @Option(help: "Write the new key to this file (mode 0600) instead of printing it.") var output: String?
        @Flag(help: "Keep the old key working.") var keepOld = false
        @OptionGroup var options: ClientOptions

        func run() async throws {
            try await reportingFailures {
                let client = try options.client()
                let old = try await client.apiKeys().keys.first(where: \.current)
                let created = try await client.createAPIKey()
                if let output {
                    try SecretInput.save(created.apiKey, to: output)
                    FileHandle.standardError.write(Data("wrote new API key \(created.key.id) to \(output)\n".utf8))
                } else {
                    print(created.apiKey)
                    FileHandle.standardError.write(Data("new API key \(created.key.id) (shown once, keep it)\n".utf8))
                }
                guard !keepOld, let old else { return }
                do {
                    _ = try await client.with(apiKey: created.apiKey).revokeAPIKey(old.id)
                } catch {
                    throw CLIFailure("the new key is in place, but revoking the old key \(old.id) failed (\(error)); run 'idlegrid account key revoke \(old.id)'")
                }
                FileHandle.standardError.write(Data("revoked the old API key \(old.id)\n".utf8))
            }
        }
    }
}
