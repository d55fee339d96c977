public import GridCore

/// One settlement, as a block in a hash chain: which period it closed, the log rows it settled,
/// the signed checkpoint of the log at their end, the minimum payout it applied, and the leaf
/// hash of each posting row it wrote. Each block names the hash of the one before it, so the
/// chain can be anchored elsewhere (``SettlementAnchor``) and a block changed afterwards breaks
/// every later link.
///
/// The postings are log rows themselves (``SettlementPosting``), written right after the rows
/// they settle: rows `rows.upperBound ..< rows.upperBound + postings.count`.
///
/// Its ``encoded()`` text is canonical, documented in the README, and ``hash`` is SHA-256 of it.
public struct SettlementBlock: Sendable, Hashable {
    /// The first line's text.
    public static let header = "idlegrid-settlement-block 1"

    /// The block's place in the chain, from 0.
    public let sequence: UInt64
    /// The period it closed, counted in periods since 1970-01-01T00:00:00Z.
    public let period: UInt64
    /// The length of a period, in seconds.
    public let periodSeconds: UInt64
    /// The hash of the block before it; nil for the first.
    public let previous: ContentHash?
    /// The rows it settled: from the end of the previous block's postings to the log's size when
    /// it ran.
    public let rows: Range<UInt64>
    /// Below this a beneficiary's pending amount carried over to the next period.
    public let minimumPayout: Amount
    /// The leaf hash of each posting row, in log order.
    public let postings: [MerkleHash]
    /// The log's signed checkpoint at `rows.upperBound` rows (a C2SP signed note).
    public let checkpoint: String

    /// A block; refused unless the checkpoint is a signed checkpoint of `rows.upperBound` rows
    /// (its signature is checked by ``verify(after:verifier:)``, not here).
    public init(
        sequence: UInt64, period: UInt64, periodSeconds: UInt64, previous: ContentHash?, rows: Range<UInt64>,
        minimumPayout: Amount, postings: [MerkleHash], checkpoint: String
    ) throws(SettlementBlockError) {
        guard periodSeconds > 0 else { throw .malformed(field: "period-seconds", reason: "a number of seconds above zero") }
        guard !minimumPayout.isNegative else { throw .malformed(field: "minimum-payout", reason: "an amount not below zero") }
        guard (sequence == 0) == (previous == nil) else {
            throw .malformed(field: "previous", reason: sequence == 0 ? "none, for the first block" : "the previous block's hash")
        }
        let size: UInt64
        do {
            size = try Checkpoint(text: try SignedNote(parsing: checkpoint).text).size
        } catch {
            throw .malformed(field: "checkpoint", reason: "a signed checkpoint note (\(error))")
        }
        guard size == rows.upperBound else {
            throw .malformed(field: "checkpoint", reason: "a checkpoint of \(rows.upperBound) rows, not of \(size)")
        }
        self.sequence = sequence
        self.period = period
        self.periodSeconds = periodSeconds
        self.previous = previous
        self.rows = rows
        self.minimumPayout = minimumPayout
        self.postings = postings
        self.checkpoint = checkpoint
    }

    /// The log rows holding its postings.
    public var postingRows: Range<UInt64> { rows.upperBound..<(rows.upperBound + UInt64(postings.count)) }

    /// SHA-256 of ``encoded()``: what the next block names as its previous.
    public var hash: ContentHash { ContentHash(of: encoded()) }

    /// The canonical text: one `key value` line each for the header, `sequence`, `period`,
    /// `period-seconds`, `previous` (hex, or `none`), `rows FROM TO`, `minimum-payout`, one
    /// `posting HEX` per posting row, then a line `checkpoint` and the signed note, as is.
    public func encoded() -> [UInt8] {
        var lines = [
            Self.header, "sequence \(sequence)", "period \(period)", "period-seconds \(periodSeconds)",
            "previous \(previous?.hex ?? "none")", "rows \(rows.lowerBound) \(rows.upperBound)",
            "minimum-payout \(minimumPayout.baseUnitsString)",
        ]
        lines += postings.map { "posting \($0.hex)" }
        lines.append("checkpoint")
        return Array((lines.map { $0 + "\n" }.joined() + checkpoint).utf8)
    }

    /// Reads a block from its canonical text; refused, naming the line, unless the bytes are
    /// exactly the encoding of a valid block.
    public init(decoding bytes: some Collection<UInt8>) throws(SettlementBlockError) {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .malformed(field: "block", reason: "UTF-8 text") }
        guard let marker = text.range(of: "\ncheckpoint\n") else {
            throw .malformed(field: "checkpoint", reason: "a line 'checkpoint' followed by the signed note")
        }
        var lines = text[..<marker.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        func take(_ key: String) throws(SettlementBlockError) -> String {
            guard let line = lines.popFirst(), line.hasPrefix(key + " ") else { throw .malformed(field: key, reason: "a line '\(key) …' here") }
            return String(line.dropFirst(key.count + 1))
        }
        func number(_ text: String, _ key: String) throws(SettlementBlockError) -> UInt64 {
            guard let value = UInt64(text), String(value) == text else { throw .malformed(field: key, reason: "a decimal number without sign or leading zeros") }
            return value
        }
        guard lines.popFirst() == Self.header else { throw .malformed(field: "header", reason: "the first line '\(Self.header)'") }
        let sequence = try number(try take("sequence"), "sequence")
        let period = try number(try take("period"), "period")
        let periodSeconds = try number(try take("period-seconds"), "period-seconds")
        let previousText = try take("previous")
        var previous: ContentHash?
        if previousText != "none" {
            guard previousText == previousText.lowercased(), let hash = try? ContentHash(hex: previousText) else {
                throw .malformed(field: "previous", reason: "64 lowercase hex digits or 'none'")
            }
            previous = hash
        }
        let bounds = try take("rows").split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard bounds.count == 2 else { throw .malformed(field: "rows", reason: "two row indexes, FROM and TO") }
        let from = try number(bounds[0], "rows"), to = try number(bounds[1], "rows")
        guard from <= to else { throw .malformed(field: "rows", reason: "FROM at most TO") }
        let minimumText = try take("minimum-payout")
        guard let units = Int128(minimumText), case let minimum = Amount(baseUnits: units), minimum.baseUnitsString == minimumText else {
            throw .malformed(field: "minimum-payout", reason: "base units, a decimal number")
        }
        var postings: [MerkleHash] = []
        while let line = lines.first, line.hasPrefix("posting ") {
            let hex = try take("posting")
            guard hex.utf8.count == 64, hex == hex.lowercased(), let hash = try? ContentHash(hex: hex),
                  let leaf = try? MerkleHash(bytes: hash.bytes) else {
                throw .malformed(field: "posting", reason: "a leaf hash, 64 lowercase hex digits")
            }
            postings.append(leaf)
        }
        guard lines.isEmpty else { throw .malformed(field: "checkpoint", reason: "the line 'checkpoint' after the postings") }
        try self.init(
            sequence: sequence, period: period, periodSeconds: periodSeconds, previous: previous, rows: from..<to,
            minimumPayout: minimum, postings: postings, checkpoint: String(text[marker.upperBound...]))
        guard encoded().elementsEqual(bytes) else { throw .malformed(field: "block", reason: "the canonical encoding") }
    }

    /// Checks the block's link to `previous` (nil: it must be the first) and its checkpoint's
    /// signature; returns the checkpoint.
    public func verify(after previous: SettlementBlock?, verifier: NoteVerifier) throws(SettlementBlockError) -> Checkpoint {
        if let previous {
            guard sequence == previous.sequence + 1, self.previous == previous.hash else {
                throw .brokenChain(sequence: sequence, "it does not name block \(previous.sequence)'s hash \(previous.hash.hex)")
            }
            guard period > previous.period else {
                throw .brokenChain(sequence: sequence, "its period \(period) is not after block \(previous.sequence)'s \(previous.period)")
            }
            guard rows.lowerBound == previous.postingRows.upperBound else {
                throw .brokenChain(sequence: sequence, "its rows start at \(rows.lowerBound), not where block \(previous.sequence)'s postings end (\(previous.postingRows.upperBound))")
            }
        } else {
            guard sequence == 0, rows.lowerBound == 0 else {
                throw .brokenChain(sequence: sequence, "the first block must be number 0 and start at row 0")
            }
        }
        do {
            return try Checkpoint.open(note: checkpoint, verifiers: [verifier])
        } catch {
            throw .badCheckpoint(sequence: sequence, "\(error)")
        }
    }
}
