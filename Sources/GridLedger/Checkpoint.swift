/// A C2SP tlog-checkpoint: the text a log signs to commit to its tree at one size.
///
/// ```
/// example.com/log
/// 20852163
/// CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
/// ```
///
/// The origin line, the decimal tree size, the base64 root hash, then optional extension lines,
/// each ending in a newline. It travels as the text of a ``SignedNote``.
public struct Checkpoint: Sendable, Hashable {
    /// The log's identity, e.g. `example.com/log`; conventionally the signing key's name.
    public let origin: String
    /// The number of leaves in the tree.
    public let size: UInt64
    /// The RFC 6962 root of the tree of ``size`` leaves.
    public let rootHash: MerkleHash
    /// Opaque, non-empty extension lines after the root (their use is not recommended).
    public let extensions: [String]

    /// A checkpoint for the tree of `size` leaves with root `rootHash`.
    ///
    /// - Throws: ``CheckpointError`` when the origin or an extension line is empty or holds a
    ///   newline or another control character.
    public init(origin: String, size: UInt64, rootHash: MerkleHash, extensions: [String] = []) throws(CheckpointError) {
        try Self.checkLine(origin, name: "origin")
        for line in extensions {
            try Self.checkLine(line, name: "extension line")
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// The checkpoint text: every line followed by a newline.
    public var text: String {
        ([origin, String(size), rootHash.base64] + extensions).map { $0 + "\n" }.joined()
    }

    /// Parses checkpoint text (a note's text, ending in a newline).
    ///
    /// - Throws: ``CheckpointError`` naming the line that is wrong.
    public init(text: String) throws(CheckpointError) {
        guard text.hasSuffix("\n") else { throw .missingFinalNewline() }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3 else { throw .tooFewLines(lines.count) }
        try Self.checkLine(lines[0], name: "origin")
        let sizeText = lines[1]
        guard !sizeText.isEmpty, sizeText.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              sizeText == "0" || !sizeText.hasPrefix("0"), let size = UInt64(sizeText) else {
            throw .badSize(sizeText)
        }
        let root: MerkleHash
        do {
            root = try MerkleHash(base64: lines[2])
        } catch {
            throw .badRootHash(lines[2], reason: error.message)
        }
        let extensions = Array(lines[3...])
        for line in extensions {
            try Self.checkLine(line, name: "extension line")
        }
        self.origin = lines[0]
        self.size = size
        self.rootHash = root
        self.extensions = extensions
    }

    private static func checkLine(_ line: String, name: String) throws(CheckpointError) {
        guard !line.isEmpty else { throw .emptyLine(name) }
        guard !line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw .controlCharacter(name, line: line)
        }
    }
}
