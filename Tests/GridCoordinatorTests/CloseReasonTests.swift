import GridCoordinator
import Testing

/// A WebSocket close frame holds at most 123 bytes of reason (RFC 6455 §5.5): the reason is cut
/// by UTF-8 bytes, never inside a character.
@Suite("Close-frame reasons")
struct CloseReasonTests {
    @Test("a short reason, or one of exactly 123 bytes, is sent as it is")
    func shortReasonsStay() {
        #expect(WorkerGateway.closeReason("flagged: forged result") == "flagged: forged result")
        let exact = String(repeating: "é", count: 61) + "x"  // 122 + 1 bytes
        #expect(exact.utf8.count == 123)
        #expect(WorkerGateway.closeReason(exact) == exact)
    }

    @Test("a reason of two-byte characters is cut to at most 123 bytes at a character boundary, marked with an ellipsis")
    func multiByteReasonIsCutByBytes() {
        // 100 characters but 200 bytes: cutting by characters would overflow the close frame.
        let reason = "flagged: " + String(repeating: "é", count: 100)
        let cut = WorkerGateway.closeReason(reason)
        #expect(cut.utf8.count <= WorkerGateway.maxCloseReasonBytes)
        #expect(cut.hasSuffix("…"))
        let kept = cut.dropLast()
        #expect(reason.hasPrefix(kept))
        // As much as fits: 9 bytes of "flagged: ", 55 "é" (110 bytes) and 3 of the ellipsis = 122.
        #expect(kept.utf8.count == 119)
        #expect(kept == "flagged: " + String(repeating: "é", count: 55))
    }

    @Test("a grapheme cluster of many code points is kept whole or dropped whole")
    func clustersAreNotSplit() {
        let family = "👨‍👩‍👧‍👦"  // one Character, 25 bytes
        #expect(family.count == 1 && family.utf8.count == 25)
        let reason = String(repeating: family, count: 10)
        let cut = WorkerGateway.closeReason(reason)
        #expect(cut.utf8.count <= WorkerGateway.maxCloseReasonBytes)
        #expect(cut == String(repeating: family, count: 4) + "…")
        #expect(cut.dropLast().allSatisfy { $0 == Character(family) })
    }
}
