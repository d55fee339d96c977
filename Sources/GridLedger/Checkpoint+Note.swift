extension Checkpoint {
    /// The checkpoint signed by `signers`, as a note ready to publish at `<prefix>/checkpoint`.
    ///
    /// - Throws: ``NoteError`` if the signers cannot sign (see ``SignedNote/sign(text:signers:)``).
    public func signed(by signers: [NoteSigner]) throws(NoteError) -> SignedNote {
        try SignedNote.sign(text: text, signers: signers)
    }

    /// Verifies a signed checkpoint note and parses its text.
    ///
    /// - Parameters:
    ///   - note: the note as served.
    ///   - verifiers: the trusted keys; one must have signed the note.
    ///   - origin: the origin the checkpoint must name; by default the key name of the
    ///     signature that verified, as tlog-checkpoint recommends.
    /// - Throws: ``NoteError`` when the note is malformed or not validly signed by a trusted
    ///   key; ``CheckpointError`` when its text is not a checkpoint or names another origin.
    public static func open(note: String, verifiers: [NoteVerifier], origin: String? = nil) throws -> Checkpoint {
        let parsed = try SignedNote(parsing: note)
        let verified = try parsed.verify(by: verifiers)
        let checkpoint = try Checkpoint(text: parsed.text)
        let expected = origin ?? verified[0].name
        guard checkpoint.origin == expected else {
            throw CheckpointError.originMismatch(found: checkpoint.origin, expected: expected)
        }
        return checkpoint
    }
}
