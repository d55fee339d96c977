extension SignedNote {
    /// Checks the note's signatures against trusted keys and returns those that verified.
    ///
    /// As signed-note requires, a signature whose (key name, key ID) is not a trusted key's is
    /// ignored, and a note is accepted when at least one trusted key's signature verifies. A
    /// trusted key's signature that fails rejects the whole note. Duplicate lines by one key
    /// are checked once.
    ///
    /// - Throws: ``NoteError``: ``NoteError/badSignature(name:keyID:)`` when a trusted key's
    ///   signature fails; when none is trusted, ``NoteError/keyNameMismatch(found:expected:keyID:)``
    ///   if a line carries a trusted key's ID under another name, otherwise
    ///   ``NoteError/unknownKey(signedBy:trusted:)``.
    @discardableResult
    public func verify(by verifiers: [NoteVerifier]) throws(NoteError) -> [NoteSignature] {
        let message = Array(text.utf8)
        var verified: [NoteSignature] = []
        var seen: Set<String> = []
        var renamed: (found: String, expected: String, keyID: UInt32)? = nil
        for signature in signatures {
            guard let verifier = verifiers.first(where: { $0.name == signature.name && $0.keyID == signature.keyID }) else {
                if renamed == nil, let sameID = verifiers.first(where: { $0.keyID == signature.keyID }) {
                    renamed = (signature.name, sameID.name, signature.keyID)
                }
                continue
            }
            guard seen.insert(verifier.verifierKey).inserted else { continue }
            guard verifier.isValidSignature(signature.signature, of: message) else {
                throw .badSignature(name: signature.name, keyID: signature.keyID)
            }
            verified.append(signature)
        }
        guard verified.isEmpty else { return verified }
        if let renamed {
            throw .keyNameMismatch(found: renamed.found, expected: renamed.expected, keyID: renamed.keyID)
        }
        throw .unknownKey(signedBy: signatures.map { "\($0.name)+\(NoteVerifier.hex($0.keyID))" },
                          trusted: verifiers.map { "\($0.name)+\(NoteVerifier.hex($0.keyID))" })
    }
}
