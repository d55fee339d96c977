public import Crypto
public import Foundation

/// What one replica produced, signed by the worker that ran it.
public struct ReplicaResult: Sendable, Hashable, Codable {
    /// The replica.
    public var replica: ReplicaID
    /// How the run ended, e.g. `exited:0`, `returned:25`, `trapped:unreachable`, `limit:fuel`.
    public var termination: String
    /// Whether the guest finished on its own terms (status 0 or a normal return).
    public var succeeded: Bool
    /// The guest's stdout; empty when it was uploaded as a blob (``outputBlobSize``).
    public var output: Data
    /// The guest's stderr.
    public var stderr: Data
    /// SHA-256 of ``output``.
    public var outputHash: ContentHash
    /// Fuel the run consumed.
    public var fuelUsed: UInt64
    /// Real time the run took, in microseconds (not signed: it differs between replicas).
    public var wallMicroseconds: UInt64
    /// The largest linear memory the guest held.
    public var peakMemoryBytes: UInt64
    /// Ed25519 signature over ``statement`` by the worker's device key.
    public var signature: Data
    /// Set when the output was too large to travel inline (over
    /// ``WorkerProtocol/maxInlineOutputBytes``): its size. The worker uploaded the bytes first
    /// (`POST /v1/blobs?replica=`), and the coordinator takes the result only with that upload
    /// behind it, hashing to ``outputHash``. Not signed: the hash says everything about the bytes.
    public var outputBlobSize: Int?

    /// Creates a result; sign it with ``signed(with:)``.
    public init(
        replica: ReplicaID, termination: String, succeeded: Bool, output: Data, stderr: Data, outputHash: ContentHash,
        fuelUsed: UInt64, wallMicroseconds: UInt64, peakMemoryBytes: UInt64, signature: Data = Data(),
        outputBlobSize: Int? = nil
    ) {
        self.replica = replica
        self.termination = termination
        self.succeeded = succeeded
        self.output = output
        self.stderr = stderr
        self.outputHash = outputHash
        self.fuelUsed = fuelUsed
        self.wallMicroseconds = wallMicroseconds
        self.peakMemoryBytes = peakMemoryBytes
        self.signature = signature
        self.outputBlobSize = outputBlobSize
    }

    /// The canonical bytes a worker signs: everything that must agree between replicas
    /// (``answer``), and the replica id so that a signature cannot be replayed for another replica.
    public var statement: Data {
        var text = "idlegrid-result-v2\n\(replica)\n\(termination)\n\(succeeded)\n\(outputHash.hex)\n\(fuelUsed)\n\(peakMemoryBytes)\n"
        text += ContentHash(of: stderr).hex
        return Data(text.utf8)
    }

    /// What replicas of one task must agree on: everything signed but the replica id.
    public var answer: ReplicaAnswer {
        ReplicaAnswer(
            termination: termination, succeeded: succeeded, outputHash: outputHash, stderrHash: ContentHash(of: stderr),
            fuelUsed: fuelUsed, peakMemoryBytes: peakMemoryBytes)
    }

    /// Whether ``output`` hashes to ``outputHash``. Checked on every result sent inline: SHA-256
    /// costs a fraction of a signature check, and a mismatch proves the worker lied. (A result
    /// whose output is a blob is checked against the upload instead.)
    public var outputMatchesHash: Bool {
        ContentHash(of: output) == outputHash
    }

    /// Whether ``signature`` is `publicKey`'s signature over ``statement``.
    public func signatureVerifies(publicKey: Curve25519.Signing.PublicKey) -> Bool {
        publicKey.isValidSignature(signature, for: statement)
    }

    /// The output's size, inline or in a blob.
    public var outputSize: Int { outputBlobSize ?? output.count }

    /// This result signed with `key`.
    public func signed(with key: Curve25519.Signing.PrivateKey) throws -> ReplicaResult {
        var copy = self
        copy.signature = try key.signature(for: statement)
        return copy
    }

    /// Whether ``signature`` is `publicKey`'s signature over ``statement``, and the output matches
    /// its hash.
    public func verify(publicKey: Curve25519.Signing.PublicKey) -> Bool {
        outputMatchesHash && signatureVerifies(publicKey: publicKey)
    }
}
