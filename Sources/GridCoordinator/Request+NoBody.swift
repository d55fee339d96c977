import GridCore
import Hummingbird
import NIOCore

extension Request {
    /// Refuses a body on a request that takes none, as bodies that are read are refused with a
    /// field they do not know: nothing sent is silently dropped. Nothing, whitespace or `{}`
    /// passes; at most a few bytes are read, however many are sent.
    func refusingABody() async throws {
        let bytes: ByteBuffer
        do {
            bytes = try await body.collect(upTo: 64)
        } catch is NIOTooManyBytesError {
            throw Problem.badRequest("this request takes no body; send none (or {})")
        }
        let text = String(buffer: bytes).filter { !$0.isWhitespace }
        guard text.isEmpty || text == "{}" else {
            throw Problem.badRequest("this request takes no body; send none (or {})")
        }
    }
}
