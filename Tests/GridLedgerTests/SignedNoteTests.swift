import GridLedger
import Testing

@Suite struct SignedNoteTests {
    /// The example in C2SP signed-note.
    static let specKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    static let specNote = "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"

    /// The published test key of Go's golang.org/x/mod/sumdb/note, and its expected signature
    /// (Ed25519 is deterministic, so an independent implementation must produce these bytes).
    static let goSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let goVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote = goText + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test func theSpecsExampleVerifies() throws {
        let verifier = try NoteVerifier(verifierKey: Self.specKey)
        #expect(verifier.name == "example.com/foo")
        #expect(verifier.keyID == 0x530d_903a)
        #expect(verifier.verifierKey == Self.specKey)
        let note = try SignedNote(parsing: Self.specNote)
        #expect(note.text == "This is an example message.\n")
        #expect(note.encoded == Self.specNote)
        let verified = try note.verify(by: [verifier])
        #expect(verified.map(\.name) == ["example.com/foo"])
    }

    @Test func signingMatchesGosNotePackageByteForByte() throws {
        let signer = try NoteSigner(signerKey: Self.goSignerKey)
        #expect(signer.name == "PeterNeumann")
        #expect(signer.keyID == 0xc74f_20a3)
        #expect(signer.verifierKey == Self.goVerifierKey)
        #expect(signer.signerKey == Self.goSignerKey)
        let note = try SignedNote.sign(text: Self.goText, signers: [signer])
        #expect(note.encoded == Self.goNote)
        #expect(try SignedNote(parsing: Self.goNote).verify(by: [NoteVerifier(verifierKey: Self.goVerifierKey)]).count == 1)
    }

    @Test func keyIDIsTheTruncatedHashOfNameTypeAndKey() throws {
        let signer = try NoteSigner(name: "idlegrid.example/ledger", privateKey: Array(repeating: 7, count: 32))
        let again = try NoteSigner(name: "idlegrid.example/ledger", privateKey: signer.privateKey)
        #expect(again.verifierKey == signer.verifierKey)
        let renamed = try NoteVerifier(name: "idlegrid.example/other", publicKey: signer.verifier.publicKey)
        #expect(renamed.keyID != signer.keyID)
        #expect(try NoteVerifier(verifierKey: signer.verifierKey) == signer.verifier)
    }

    @Test func verificationRefusesEachFailureDistinctly() throws {
        let signer = try NoteSigner.generate(name: "idlegrid.example/ledger")
        let note = try SignedNote.sign(text: "hello\n", signers: [signer])
        #expect(try note.verify(by: [signer.verifier]).count == 1)

        // Signed by a key nobody trusts.
        let stranger = try NoteSigner.generate(name: "stranger.example/key")
        do {
            try note.verify(by: [stranger.verifier])
            Issue.record("verified by an unknown key")
        } catch {
            #expect(error == .unknownKey(signedBy: [], trusted: []))
            #expect(error.message.contains("idlegrid.example/ledger+\(signer.verifierKey.split(separator: "+")[1])"))
        }

        // A trusted key's signature over altered text.
        let altered = SignedNote(text: "hellO\n", signatures: note.signatures)
        #expect(throws: NoteError.badSignature(name: "", keyID: 0)) { try altered.verify(by: [signer.verifier]) }
        // A changed signature byte.
        var bytes = note.signatures[0].signature
        bytes[10] ^= 0x40
        let forged = SignedNote(text: note.text, signatures: [NoteSignature(name: signer.name, keyID: signer.keyID, signature: bytes)])
        #expect(throws: NoteError.badSignature(name: "", keyID: 0)) { try SignedNote(parsing: forged.encoded).verify(by: [signer.verifier]) }
        // The trusted key's ID under another name.
        let renamed = SignedNote(text: note.text, signatures: [NoteSignature(name: "impostor.example/key", keyID: signer.keyID, signature: note.signatures[0].signature)])
        do {
            try renamed.verify(by: [signer.verifier])
            Issue.record("verified under another name")
        } catch {
            #expect(error == .keyNameMismatch(found: "", expected: "", keyID: 0))
            #expect(error.message.contains("impostor.example/key"))
        }
        // An unknown signature beside a good one is ignored, as the spec requires.
        let cosigned = SignedNote(text: note.text, signatures: try SignedNote.sign(text: note.text, signers: [stranger]).signatures + note.signatures)
        #expect(try SignedNote(parsing: cosigned.encoded).verify(by: [signer.verifier]).map(\.name) == [signer.name])
        // A bad signature by a trusted key rejects the note even beside a good one.
        let twoKeys = try SignedNote.sign(text: note.text, signers: [signer, stranger])
        let brokenSecond = SignedNote(text: note.text, signatures: [twoKeys.signatures[0], NoteSignature(name: stranger.name, keyID: stranger.keyID, signature: bytes)])
        #expect(throws: NoteError.badSignature(name: "", keyID: 0)) { try brokenSecond.verify(by: [signer.verifier, stranger.verifier]) }
    }

    @Test(arguments: [
        ("hello\n\u{2014} a AAAAAAA=\n", "no blank line"),
        ("hello\n\n", "no signature lines"),
        ("hello\n\n\u{2014} a AAAAAAAA", "does not end in a newline"),
        ("hello\n\n- a AAAAAAAA\n", "em dash"),
        ("hello\n\n\u{2014} aAAAAAAAA\n", "no space"),
        ("hello\n\n\u{2014} a+b AAAAAAAA\n", "invalid key name 'a+b'"),
        ("hello\n\n\u{2014}  AAAAAAAA\n", "invalid key name ''"),
        ("hello\n\n\u{2014} a !!!!\n", "not standard base64"),
        ("hello\n\n\u{2014} a AAAA\n", "has 3 bytes"),
        ("hel\u{7}lo\n\n\u{2014} a AAAAAAAA\n", "control character U+7"),
        ("hello\r\n\n\u{2014} a AAAAAAAA\n", "control character U+D"),
    ])
    func malformedNotesSayWhy(note: String, problem: String) {
        do {
            let parsed = try SignedNote(parsing: note)
            Issue.record("parsed \(parsed)")
        } catch {
            #expect(error == .malformed(""))
            #expect(error.message.contains(problem), "\(error.message)")
        }
    }

    @Test func invalidUTF8IsMalformed() {
        #expect(throws: NoteError.malformed("")) { try SignedNote(parsing: [0x68, 0xff, 0x0a, 0x0a]) }
    }

    @Test func tooManySignaturesAreRefused() throws {
        let line = "\u{2014} a AAAAAAAA\n"
        #expect(throws: NoteError.malformed("")) { try SignedNote(parsing: "x\n\n" + String(repeating: line, count: 101)) }
        #expect(try SignedNote(parsing: "x\n\n" + String(repeating: line, count: 100)).signatures.count == 100)
    }

    @Test func textWithBlankLinesSplitsAtTheLastOne() throws {
        let signer = try NoteSigner.generate(name: "a.example/k")
        let note = try SignedNote.sign(text: "one\n\ntwo\n", signers: [signer])
        let parsed = try SignedNote(parsing: note.encoded)
        #expect(parsed.text == "one\n\ntwo\n")
        #expect(try parsed.verify(by: [signer.verifier]).count == 1)
        #expect(throws: NoteError.malformed("")) { try SignedNote.sign(text: "no newline", signers: [signer]) }
    }

    @Test(arguments: [
        ("example.com/foo+530d903a", NoteKeyError.malformedVerifierKey("", problem: ""), "3"),
        ("example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", .malformedVerifierKey("", problem: ""), "8 lowercase hex"),
        ("example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", .keyIDMismatch(name: "", found: 0, computed: 0), "does not match name 'example.com/bar'"),
        ("example com+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", .invalidName(""), "not a key name"),
        ("example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", .unsupportedSignatureType(0), "0x2"),
        ("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2kAA==", .badPublicKey(byteCount: 0), "not 33"),
        ("example.com/foo+530d903a+#", .malformedVerifierKey("", problem: ""), "not standard base64"),
    ])
    func badVerifierKeysSayWhy(text: String, kind: NoteKeyError, problem: String) {
        do {
            let verifier = try NoteVerifier(verifierKey: text)
            Issue.record("parsed \(verifier)")
        } catch {
            #expect(error == kind)
            #expect(error.message.contains(problem), "\(error.message)")
        }
    }

    @Test func badSignerInputs() {
        #expect(throws: NoteKeyError.invalidName("")) { try NoteSigner.generate(name: "") }
        #expect(throws: NoteKeyError.invalidName("")) { try NoteSigner.generate(name: "a+b") }
        #expect(throws: NoteKeyError.badPrivateKey(byteCount: 0)) { try NoteSigner(name: "a", privateKey: [1, 2]) }
        #expect(throws: NoteKeyError.malformedSignerKey(problem: "")) { try NoteSigner(signerKey: "PRIVATE+KEY+a") }
        #expect(throws: NoteKeyError.keyIDMismatch(name: "", found: 0, computed: 0)) {
            try NoteSigner(signerKey: "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
        }
    }
}
