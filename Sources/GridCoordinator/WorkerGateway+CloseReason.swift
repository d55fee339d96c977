extension WorkerGateway {
    /// The most bytes of UTF-8 a close frame's reason may hold: a control frame carries at most
    /// 125 bytes of payload, two of them the status code (RFC 6455 §5.5, §5.5.1).
    package static let maxCloseReasonBytes = 123

    /// `reason` cut to fit a close frame: at most ``maxCloseReasonBytes`` bytes of UTF-8, cut at a
    /// character boundary and marked with "…" when cut. Counting characters is not enough: 100
    /// characters of "é" are 200 bytes, and a close frame that long is a protocol error the worker
    /// reports instead of the reason.
    package static func closeReason(_ reason: String) -> String {
        guard reason.utf8.count > maxCloseReasonBytes else { return reason }
        let ellipsis = "…"
        let budget = maxCloseReasonBytes - ellipsis.utf8.count
        var end = reason.startIndex
        var used = 0
        for index in reason.indices {
            let size = reason[index].utf8.count
            guard used + size <= budget else { break }
            used += size
            end = reason.index(after: index)
        }
        return String(reason[..<end]) + ellipsis
    }
}
