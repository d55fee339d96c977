import Foundation

/// The compact binary form of the messages that move the work, `assign`, `acknowledge` and
/// `results`, sent in binary WebSocket frames; every other message is JSON in a text frame.
///
/// Under load these three are nearly all the traffic, and as JSON (base64 bytes, hex hashes,
/// UUID text, one generic decode per field) they cost more CPU than the guests themselves
/// (NetworkBenchmark's profile). The layout is one type byte, a 32-bit count, then each item's
/// fields in a fixed order: integers little-endian, identifiers as their 16 UUID bytes, hashes as
/// their 32 digest bytes, bytes and text as a 32-bit length and then the bytes. What JSON
/// decoding checks is checked here too: limits within their bounds, text valid UTF-8, and no
/// length beyond the message.
public enum CompactWireCoding {
    private enum Tag: UInt8 {
        case assign = 1
        case acknowledge = 2
        case results = 3
    }

    /// The compact form of `message`, or nil for a message that travels as JSON.
    public static func encode(_ message: CoordinatorMessage) -> [UInt8]? {
        guard case .assign(let assignments) = message else { return nil }
        var writer = CompactWireWriter(capacity: 5 + assignments.reduce(0) { $0 + 160 + $1.stdin.count })
        writer.byte(Tag.assign.rawValue)
        writer.uint32(UInt32(assignments.count))
        for assignment in assignments {
            writer.identifier(assignment.replica)
            writer.identifier(assignment.job)
            writer.uint64(UInt64(bitPattern: Int64(assignment.task)))
            writer.hash(assignment.module)
            writer.data(assignment.stdin)
            writer.byte(assignment.stdinBlob == nil ? 0 : 1)
            if let blob = assignment.stdinBlob {
                writer.hash(blob.hash)
                writer.uint64(UInt64(blob.size))
            }
            writer.uint32(UInt32(assignment.arguments.count))
            for argument in assignment.arguments { writer.text(argument) }
            writer.uint64(assignment.seed)
            writer.uint64(assignment.limits.fuel)
            writer.uint64(assignment.limits.memoryBytes)
            writer.uint64(assignment.limits.wallClockMilliseconds)
            writer.uint64(assignment.limits.outputBytes)
        }
        return writer.bytes
    }

    /// The compact form of `message`, or nil for a message that travels as JSON.
    public static func encode(_ message: WorkerMessage) -> [UInt8]? {
        switch message {
        case .acknowledge(let replicas):
            var writer = CompactWireWriter(capacity: 5 + 16 * replicas.count)
            writer.byte(Tag.acknowledge.rawValue)
            writer.uint32(UInt32(replicas.count))
            for replica in replicas { writer.identifier(replica) }
            return writer.bytes
        case .results(let results):
            var writer = CompactWireWriter(capacity: 5 + results.reduce(0) { $0 + 200 + $1.output.count + $1.stderr.count })
            writer.byte(Tag.results.rawValue)
            writer.uint32(UInt32(results.count))
            for result in results {
                writer.identifier(result.replica)
                writer.text(result.termination)
                writer.byte(result.succeeded ? 1 : 0)
                writer.data(result.output)
                writer.data(result.stderr)
                writer.hash(result.outputHash)
                writer.uint64(result.fuelUsed)
                writer.uint64(result.wallMicroseconds)
                writer.uint64(result.peakMemoryBytes)
                writer.data(result.signature)
                writer.byte(result.outputBlobSize == nil ? 0 : 1)
                if let size = result.outputBlobSize { writer.uint64(UInt64(size)) }
            }
            return writer.bytes
        default:
            return nil
        }
    }

    /// Decodes a binary frame from the coordinator: only `assign` travels so.
    public static func coordinatorMessage(from bytes: [UInt8]) throws(WireError) -> CoordinatorMessage {
        var reader = CompactWireReader(bytes)
        let tag = try reader.byte("the message type")
        guard tag == Tag.assign.rawValue else { throw .unknownType("binary \(tag)") }
        // Fixed fields alone take 121 bytes: ids 32, task 8, module 32, two lengths 8, a flag 1,
        // seed 8, limits 32.
        let count = try reader.count("assign", minimumBytes: 121)
        var assignments: [Assignment] = []
        assignments.reserveCapacity(count)
        for index in 0..<count {
            let field = "assignment \(index)"
            let replica: ReplicaID = try reader.identifier("\(field) replica")
            let job: JobID = try reader.identifier("\(field) job")
            let task = Int(Int64(bitPattern: try reader.uint64("\(field) task")))
            let module = try reader.hash("\(field) module")
            let stdin = try reader.data("\(field) stdin")
            var stdinBlob: BlobReference?
            if try reader.bool("\(field) has stdinBlob") {
                stdinBlob = BlobReference(hash: try reader.hash("\(field) stdinBlob"), size: try reader.size("\(field) stdinBlob size"))
            }
            let argumentCount = try reader.count("\(field) arguments", minimumBytes: 4)
            var arguments: [String] = []
            arguments.reserveCapacity(argumentCount)
            for _ in 0..<argumentCount { arguments.append(try reader.text("\(field) argument")) }
            let seed = try reader.uint64("\(field) seed")
            let limits: Limits
            do {
                limits = try Limits(
                    fuel: try reader.uint64("\(field) fuel"), memoryBytes: try reader.uint64("\(field) memoryBytes"),
                    wallClockMilliseconds: try reader.uint64("\(field) wallClockMilliseconds"),
                    outputBytes: try reader.uint64("\(field) outputBytes"))
            } catch let error as LimitsError {
                throw .malformed("\(field) limits: \(error.message)")
            } catch let error as WireError {
                throw error
            } catch {
                throw .malformed("\(field) limits: \(error)")
            }
            assignments.append(Assignment(
                replica: replica, job: job, task: task, module: module, stdin: stdin, stdinBlob: stdinBlob,
                arguments: arguments, seed: seed, limits: limits))
        }
        try reader.finish()
        return .assign(assignments)
    }

    /// Decodes a binary frame from a worker: `acknowledge` or `results`.
    public static func workerMessage(from bytes: [UInt8]) throws(WireError) -> WorkerMessage {
        var reader = CompactWireReader(bytes)
        let tag = try reader.byte("the message type")
        switch Tag(rawValue: tag) {
        case .acknowledge:
            let count = try reader.count("acknowledge", minimumBytes: 16)
            var replicas: [ReplicaID] = []
            replicas.reserveCapacity(count)
            for index in 0..<count { replicas.append(try reader.identifier("acknowledged replica \(index)")) }
            try reader.finish()
            return .acknowledge(replicas)
        case .results:
            // Fixed fields alone take 90 bytes: replica 16, four lengths 16, two flags 2, hash 32, counters 24.
            let count = try reader.count("results", minimumBytes: 90)
            var results: [ReplicaResult] = []
            results.reserveCapacity(count)
            for index in 0..<count {
                let field = "result \(index)"
                var result = ReplicaResult(
                    replica: try reader.identifier("\(field) replica"), termination: try reader.text("\(field) termination"),
                    succeeded: try reader.bool("\(field) succeeded"), output: try reader.data("\(field) output"),
                    stderr: try reader.data("\(field) stderr"), outputHash: try reader.hash("\(field) outputHash"),
                    fuelUsed: try reader.uint64("\(field) fuelUsed"), wallMicroseconds: try reader.uint64("\(field) wallMicroseconds"),
                    peakMemoryBytes: try reader.uint64("\(field) peakMemoryBytes"), signature: try reader.data("\(field) signature"))
                if try reader.bool("\(field) has outputBlobSize") {
                    result.outputBlobSize = try reader.size("\(field) outputBlobSize")
                }
                results.append(result)
            }
            try reader.finish()
            return .results(results)
        case .assign, nil:
            throw .unknownType("binary \(tag)")
        }
    }
}
