/// A C2SP signed note: text ending in a newline, a blank line, then one or more signature
/// lines `— <key name> base64(key ID ‖ signature)`, each ending in a newline.
///
/// Parse with ``init(parsing:)``, then trust the text only after ``verify(by:)`` succeeds.
public struct SignedNote: Sendable, Hashable {
    /// The most signature lines a note may carry (the spec asks verifiers to accept at least 16).
    public static let maximumSignatures = 100

    /// The signed text, including its final newline.
    public let text: String
    /// The signature lines, in order.
    public let signatures: [NoteSignature]

    /// A note of `text` with `signatures`, unchecked.
    public init(text: String, signatures: [NoteSignature]) {
        self.text = text
        self.signatures = signatures
    }

    /// The note as served: text, a blank line, the signature lines.
    public var encoded: String {
        text + "\n" + signatures.map { $0.line + "\n" }.joined()
    }

    /// Signs `text` with each signer.
    ///
    /// - Throws: ``NoteError`` when the text does not end in a newline or holds a control
    ///   character, or signing fails.
    public static func sign(text: String, signers: [NoteSigner]) throws(NoteError) -> SignedNote {
        guard text.hasSuffix("\n") else { throw .malformed("the text must end in a newline") }
        try checkCharacters(text)
        guard !signers.isEmpty else { throw .malformed("a note needs at least one signature") }
        let message = Array(text.utf8)
        var signatures: [NoteSignature] = []
        for signer in signers {
            signatures.append(NoteSignature(name: signer.name, keyID: signer.keyID, signature: try signer.signature(of: message)))
        }
        return SignedNote(text: text, signatures: signatures)
    }

    /// Parses a note as served; checks its form, not its signatures.
    ///
    /// - Throws: ``NoteError`` (malformed) naming what is wrong.
    public init(parsing bytes: some Collection<UInt8>) throws(NoteError) {
        guard let note = String(validating: Array(bytes), as: UTF8.self) else {
            throw .malformed("it is not valid UTF-8")
        }
        try self.init(parsing: note)
    }

    /// Parses a note as served; checks its form, not its signatures.
    ///
    /// - Throws: ``NoteError`` (malformed) naming what is wrong.
    public init(parsing note: String) throws(NoteError) {
        try Self.checkCharacters(note)
        let utf8 = Array(note.utf8)
        // The text ends at the last blank line; the signatures follow it.
        var split: Int? = nil
        var position = utf8.count - 2
        while position >= 0 {
            if utf8[position] == 0x0a, utf8[position + 1] == 0x0a {
                split = position
                break
            }
            position -= 1
        }
        guard let split else { throw .malformed("there is no blank line between the text and the signatures") }
        let text = String(decoding: utf8[...split], as: UTF8.self)
        let block = utf8[(split + 2)...]
        guard !block.isEmpty else { throw .malformed("there are no signature lines after the blank line") }
        guard block.last == 0x0a else { throw .malformed("the last signature line does not end in a newline") }
        var signatures: [NoteSignature] = []
        for rawLine in block.dropLast().split(separator: 0x0a, omittingEmptySubsequences: false) {
            guard signatures.count < Self.maximumSignatures else {
                throw .malformed("it has more than \(Self.maximumSignatures) signatures")
            }
            signatures.append(try Self.parseSignature(String(decoding: rawLine, as: UTF8.self)))
        }
        self.text = text
        self.signatures = signatures
    }

    private static func parseSignature(_ line: String) throws(NoteError) -> NoteSignature {
        let prefix = "\u{2014} "
        guard line.hasPrefix(prefix) else {
            throw .malformed("signature line '\(line.prefix(80))' does not start with an em dash (U+2014) and a space")
        }
        let rest = line.dropFirst(prefix.count)
        guard let space = rest.firstIndex(of: " ") else {
            throw .malformed("signature line '\(line.prefix(80))' has no space between the key name and the signature")
        }
        let name = String(rest[..<space])
        guard NoteKeyName.isValid(name) else {
            throw .malformed("signature line '\(line.prefix(80))' has an invalid key name '\(name)'")
        }
        let encoded = rest[rest.index(after: space)...]
        guard let bytes = Base64.decode(encoded) else {
            throw .malformed("the signature of '\(name)' is not standard base64")
        }
        guard bytes.count >= 5 else {
            throw .malformed("the signature of '\(name)' has \(bytes.count) bytes; it needs a 4-byte key ID and a signature")
        }
        let keyID = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return NoteSignature(name: name, keyID: keyID, signature: Array(bytes.dropFirst(4)))
    }

    /// No ASCII control characters other than newline.
    private static func checkCharacters(_ text: String) throws(NoteError) {
        if let scalar = text.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\n" }) {
            throw .malformed("it holds the control character U+\(String(scalar.value, radix: 16, uppercase: true)); only newlines are allowed")
        }
    }
}
