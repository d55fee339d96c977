/// A C2SP tlog-tiles entry bundle: up to 256 consecutive log entries, each written as a
/// big-endian `uint16` length and then its bytes.
///
/// An entry must be shorter than 64 KiB (at most 65,535 bytes) to fit its length prefix;
/// ``MerkleTree/append(entry:)`` refuses longer ones, so every logged entry can be bundled.
public struct EntryBundle: Sendable, Hashable {
    /// The largest entry a bundle can carry: 65,535 bytes.
    public static let maximumEntrySize = Int(UInt16.max)

    /// The entries, in log order.
    public let entries: [[UInt8]]

    /// A bundle of `entries`.
    ///
    /// - Throws: ``EntryBundleError`` when there are no entries or more than 256, or an entry
    ///   is 64 KiB or longer.
    public init(entries: [[UInt8]]) throws(EntryBundleError) {
        guard !entries.isEmpty else { throw .empty() }
        guard entries.count <= Tile.fullWidth else { throw .tooManyEntries(entries.count) }
        for (index, entry) in entries.enumerated() where entry.count > Self.maximumEntrySize {
            throw .entryTooLarge(index: UInt64(index), byteCount: entry.count)
        }
        self.entries = entries
    }

    /// Decodes the bytes of a bundle.
    ///
    /// - Parameter width: the number of entries the bundle's path promises, if known.
    /// - Throws: ``EntryBundleError`` for empty data, a length prefix or entry cut short, more
    ///   than 256 entries, or a count other than `width`.
    public init(decoding data: some Collection<UInt8>, width: Int? = nil) throws(EntryBundleError) {
        let bytes = Array(data)
        guard !bytes.isEmpty else { throw .empty() }
        var entries: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard entries.count < Tile.fullWidth else { throw .tooManyEntries(entries.count + 1) }
            guard offset + 2 <= bytes.count else { throw .truncatedLength(entry: entries.count, offset: offset) }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            offset += 2
            guard offset + length <= bytes.count else {
                throw .truncatedEntry(entry: entries.count, length: length, available: bytes.count - offset)
            }
            entries.append(Array(bytes[offset..<(offset + length)]))
            offset += length
        }
        if let width, width != entries.count {
            throw .wrongWidth(entryCount: entries.count, width: width)
        }
        self.entries = entries
    }

    /// The bundle's bytes: each entry's big-endian `uint16` length, then the entry.
    public var data: [UInt8] {
        var data: [UInt8] = []
        data.reserveCapacity(entries.reduce(0) { $0 + 2 + $1.count })
        for entry in entries {
            data.append(UInt8(entry.count >> 8))
            data.append(UInt8(entry.count & 0xff))
            data.append(contentsOf: entry)
        }
        return data
    }

    /// The leaf hashes of the entries: the hashes of the matching level-0 tile.
    public var leafHashes: [MerkleHash] {
        entries.map { MerkleHash.leaf($0) }
    }
}
