public import GridCore

/// Why a coordinator refused to start on its store: what is wrong with the stored state, and
/// what to do. Money is at stake, so it does not run on a store it cannot vouch for.
public struct CoordinatorStartError: Error, Equatable, CustomStringConvertible {
    private enum Code: Hashable { case ledgerKeyMissing, moneyNotConserved, ledgerDoesNotMatchCheckpoint, storedLedgerChanged, operatorAccountRefused }
    private let code: Code
    /// What is wrong and what to do, for people.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The ledger has rows, but its key file is not there: a new key would sign over them and
    /// every earlier audit would fail.
    public static func ledgerKeyMissing(path: String, rows: UInt64) -> Self {
        .init(.ledgerKeyMissing, "the ledger has \(rows) rows signed with a key kept at \(path), but there is no key there: restore the key file, or give its path with --ledger-key (a new key would fail every earlier audit)")
    }

    /// The balances do not add up to what was minted less what was burned.
    public static func moneyNotConserved(_ supply: MoneySupply) -> Self {
        .init(.moneyNotConserved, "the store's balances do not add up: accounts hold \(supply.held) but \(supply.minted) was minted and \(supply.burned) burned; the database was changed behind the coordinator's back; restore it from a backup")
    }

    /// The stored rows do not rebuild a checkpoint the coordinator signed earlier: the log was
    /// changed behind its back, and signing over it would hide that.
    public static func ledgerDoesNotMatchCheckpoint(_ detail: String) -> Self {
        .init(.ledgerDoesNotMatchCheckpoint, "the ledger does not match what this coordinator signed: \(detail); restore the database from a backup")
    }

    /// A stored row, or a balance, is not what the ledger's own rows say: an entry that no
    /// longer hashes to its leaf, private columns that no longer match their hash, or a balance
    /// that is not the sum of the rows that moved it.
    public static func storedLedgerChanged(_ detail: String) -> Self {
        .init(.storedLedgerChanged, "the database was changed behind the coordinator's back: \(detail); restore it from a backup")
    }

    /// The account configured to receive the operator's share is not stored, or is not an
    /// operator's: every charge would fail, or pay someone the operator did not mean.
    public static func operatorAccountRefused(_ account: AccountID, role: AccountRole?) -> Self {
        .init(.operatorAccountRefused, role.map {
            "the operator account \(account) is a \($0.rawValue) account: the operator's share goes to an account of role operator (create one with 'idlegrid account create NAME --role operator')"
        } ?? "there is no account \(account) to pay the operator's share to: create one with 'idlegrid account create NAME --role operator' and give its id")
    }

    /// The message.
    public var description: String { message }

    /// Errors of the same kind are equal, whatever their message.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
