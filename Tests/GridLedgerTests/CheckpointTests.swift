import GridLedger
import Testing

@Suite struct CheckpointTests {
    static let specText = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"

    @Test func theSpecsExampleParsesAndReencodes() throws {
        let checkpoint = try Checkpoint(text: Self.specText)
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.size == 20_852_163)
        #expect(checkpoint.rootHash.base64 == "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
        #expect(checkpoint.extensions.isEmpty)
        #expect(checkpoint.text == Self.specText)
    }

    @Test func extensionLinesRoundTrip() throws {
        let checkpoint = try Checkpoint(origin: "idlegrid.example/ledger", size: 0, rootHash: .emptyTree, extensions: ["ext one", "ext two"])
        #expect(checkpoint.text == "idlegrid.example/ledger\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\next two\n")
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
    }

    @Test(arguments: [
        ("example.com/log\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "end in a newline"),
        ("example.com/log\n1\n", "at least 3 lines"),
        ("\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "origin is empty"),
        ("example.com/log\n01\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "'01' is not a tree size"),
        ("example.com/log\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "'-1' is not a tree size"),
        ("example.com/log\n18446744073709551616\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "not a tree size"),
        ("example.com/log\n\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "'' is not a tree size"),
        ("example.com/log\n1\nZG9uJ3QgY2FyZSAx\n", "root hash line is wrong: a Merkle hash is 32 bytes"),
        ("example.com/log\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\n", "not standard base64"),
        ("example.com/log\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n", "extension line is empty"),
        ("example.com/log\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nbad\tline\n", "control character"),
    ])
    func badTextSaysWhichLine(text: String, problem: String) {
        do {
            let checkpoint = try Checkpoint(text: text)
            Issue.record("parsed \(checkpoint)")
        } catch {
            #expect(error.message.contains(problem), "\(error.message)")
        }
    }

    @Test func badFieldsAreRefused() {
        #expect(throws: CheckpointError.emptyLine("origin")) { try Checkpoint(origin: "", size: 1, rootHash: .emptyTree) }
        #expect(throws: CheckpointError.controlCharacter("origin", line: "")) { try Checkpoint(origin: "a\nb", size: 1, rootHash: .emptyTree) }
        #expect(throws: CheckpointError.emptyLine("extension line")) { try Checkpoint(origin: "a", size: 1, rootHash: .emptyTree, extensions: [""]) }
    }

    @Test func signedCheckpointsOpenOnlyWithTheLogsKey() throws {
        let signer = try NoteSigner.generate(name: "idlegrid.example/ledger")
        let checkpoint = try Checkpoint(origin: "idlegrid.example/ledger", size: 42, rootHash: .leaf([1]))
        let note = try checkpoint.signed(by: [signer]).encoded
        #expect(try Checkpoint.open(note: note, verifiers: [signer.verifier]) == checkpoint)
        let other = try NoteSigner.generate(name: "idlegrid.example/ledger")
        #expect(throws: NoteError.unknownKey(signedBy: [], trusted: [])) { try Checkpoint.open(note: note, verifiers: [other.verifier]) }
        #expect(throws: CheckpointError.originMismatch(found: "", expected: "")) {
            try Checkpoint.open(note: note, verifiers: [signer.verifier], origin: "idlegrid.example/other")
        }
        // A log key whose name is not the origin: the checkpoint is another log's.
        let misnamed = try NoteSigner.generate(name: "someone.example/key")
        let wrongOrigin = try checkpoint.signed(by: [misnamed]).encoded
        #expect(throws: CheckpointError.originMismatch(found: "", expected: "")) {
            try Checkpoint.open(note: wrongOrigin, verifiers: [misnamed.verifier])
        }
        #expect(try Checkpoint.open(note: wrongOrigin, verifiers: [misnamed.verifier], origin: "idlegrid.example/ledger") == checkpoint)
    }
}
