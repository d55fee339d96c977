import DequeModule
package import GridCore

/// The output blobs workers upload for the replicas they hold, from the upload until the
/// replica's result: a result that names its output by hash is taken only with the upload behind
/// it, made by the same worker for that replica. It does no I/O.
///
/// One upload per replica: the slot is reserved when the upload starts, so a worker cannot store
/// blob after blob for one replica. Entries whose result never comes (the replica was lost
/// meanwhile) are forgotten oldest first past ``bound``.
package struct OutputUploads {
    private enum Entry {
        case reserved(WorkerID)
        case uploaded(WorkerID, BlobReference)
    }

    /// The most entries kept.
    package let bound: Int
    private var entries: [ReplicaID: Entry] = [:]
    private var order = Deque<ReplicaID>()

    package init(bound: Int = 100_000) {
        self.bound = bound
    }

    /// How many entries are kept.
    package var count: Int { entries.count }

    /// Reserves the replica's upload for `worker`; false when one was made or started already.
    package mutating func reserve(_ replica: ReplicaID, by worker: WorkerID) -> Bool {
        guard entries[replica] == nil else { return false }
        entries[replica] = .reserved(worker)
        order.append(replica)
        while order.count > bound {
            entries[order.removeFirst()] = nil
        }
        return true
    }

    /// The worker's upload for the replica is stored.
    package mutating func complete(_ replica: ReplicaID, by worker: WorkerID, blob: BlobReference) {
        guard case .reserved(let holder)? = entries[replica], holder == worker else { return }
        entries[replica] = .uploaded(worker, blob)
    }

    /// The blob `worker` uploaded for the replica, if it did; the entry is gone either way, so
    /// one upload backs one result.
    package mutating func take(_ replica: ReplicaID, by worker: WorkerID) -> BlobReference? {
        guard let entry = entries[replica] else { return nil }
        guard case .uploaded(let holder, let blob) = entry, holder == worker else {
            if case .reserved(let holder) = entry, holder == worker { entries[replica] = nil }
            return nil
        }
        entries[replica] = nil
        return blob
    }
}
