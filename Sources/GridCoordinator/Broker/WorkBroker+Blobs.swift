package import GridCore

/// Blobs as the broker sees them: which worker may read which input, and the output blobs
/// workers upload for the replicas they hold.
extension WorkBroker {
    /// What a worker asking to upload a replica's output may do.
    package enum OutputUploadGrant: Sendable, Equatable {
        /// Upload at most `maxBytes` (the job's output limit); the blob belongs to `owner`, the
        /// job's client.
        case granted(owner: AccountID, maxBytes: Int)
        /// The worker holds no such replica.
        case notHeld
        /// The replica's output was uploaded (or is being uploaded) already.
        case alreadyUploaded
    }

    /// Whether `worker` holds a replica whose task reads `hash` as its stdin: only such a
    /// worker may fetch a client's input blob. At most one look per replica the worker holds.
    package func holdsReplica(reading hash: ContentHash, worker: WorkerID) -> Bool {
        guard let session = registry[worker] else { return false }
        return session.holding.contains { replica in
            guard let task = tracker[replica]?.task else { return false }
            return jobs.tasks[task]?.input.stdinBlob?.hash == hash
        }
    }

    /// Starts the upload of a replica's output by the worker holding it.
    package func beginOutputUpload(of replica: ReplicaID, by worker: WorkerID) -> OutputUploadGrant {
        guard let held = tracker[replica], held.worker == worker, let job = jobs.jobs[held.task.job] else { return .notHeld }
        guard outputUploads.reserve(replica, by: worker) else { return .alreadyUploaded }
        return .granted(owner: job.record.owner, maxBytes: Int(clamping: job.record.limits.outputBytes))
    }

    /// The replica's output is stored as `blob`: its result may name it now.
    package func finishOutputUpload(of replica: ReplicaID, by worker: WorkerID, blob: BlobReference) {
        outputUploads.complete(replica, by: worker, blob: blob)
    }

    /// For a result whose output is a blob: the lie in it, if its worker uploaded other bytes
    /// for the replica than the hash and size it signed and sent; ``BlobOutputCheck/missing``
    /// when it uploaded nothing.
    package func checkBlobOutput(of result: ReplicaResult, from worker: WorkerID) -> BlobOutputCheck {
        guard let blob = outputUploads.take(result.replica, by: worker) else { return .missing }
        guard blob.hash == result.outputHash, blob.size == result.outputBlobSize, result.output.isEmpty else {
            return .lie("the output uploaded for replica \(result.replica) (\(blob.size) bytes, \(blob.hash.hex)) is not the \(result.outputBlobSize ?? 0) bytes with the hash it signed")
        }
        return .uploaded
    }

    /// What ``checkBlobOutput(of:from:)`` found.
    package enum BlobOutputCheck: Sendable, Equatable {
        /// The upload is the output signed.
        case uploaded
        /// The worker uploaded nothing for the replica: no proof of a lie (the upload may have
        /// failed on the way), but no result either; the replica counts as failed and runs elsewhere.
        case missing
        /// The upload is other bytes than the worker signed: a lie, as inline bytes that do not
        /// match their hash are.
        case lie(String)

        /// Whether the check found a lie.
        package var isLie: Bool {
            if case .lie = self { true } else { false }
        }
    }
}
