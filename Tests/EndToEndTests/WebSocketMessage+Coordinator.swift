import Foundation
import GridCore
import HummingbirdWSClient

extension WebSocketMessage {
    /// The coordinator's message in this frame: JSON text, or the compact binary form of `assign`.
    func coordinatorMessage() throws -> CoordinatorMessage {
        switch self {
        case .text(let text): try WireCoding.decode(CoordinatorMessage.self, from: Data(text.utf8))
        case .binary(let buffer): try CompactWireCoding.coordinatorMessage(from: Array(buffer.readableBytesView))
        }
    }
}
