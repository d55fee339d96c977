import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Something went wrong that is not a problem the API reported: the coordinator could not be
/// reached, did not answer in time, or answered something unreadable.
public struct GridClientError: Error, CustomStringConvertible {
    /// What went wrong, as one plain sentence.
    public let description: String
    init(_ description: String) { self.description = description }

    /// A failure of the connection to `baseURL` (not an answer), in words: `cannot reach the
    /// coordinator at http://127.0.0.1:9: connection refused`, not NIO's nested descriptions.
    init(transport error: any Error, baseURL: String) {
        if let reason = Self.connectionFailure(error) {
            self.init("cannot reach the coordinator at \(baseURL): \(reason)")
        } else if let error = error as? HTTPClientError, error == .readTimeout || error == .deadlineExceeded {
            self.init("the coordinator at \(baseURL) did not answer in time")
        } else if let error = error as? HTTPClientError, error == .remoteConnectionClosed {
            self.init("the coordinator at \(baseURL) closed the connection before answering")
        } else {
            self.init("the request to the coordinator at \(baseURL) failed: \(error)")
        }
    }

    /// Why a connection could not be made, when `error` is such a failure: the system's words
    /// for the errno (`connection refused`), or that the name does not resolve.
    private static func connectionFailure(_ error: any Error) -> String? {
        switch error {
        case let error as HTTPClientError where error == .connectTimeout:
            return "no connection within \(GridClient.connectTimeout)"
        case let error as ChannelError:
            if case .connectTimeout = error { return "no connection within \(GridClient.connectTimeout)" }
            return nil
        case let error as IOError:
            return errnoText(error.errnoCode)
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                return "the name '\(error.host)' does not resolve"
            }
            let reasons = error.connectionErrors.map { connectionFailure($0.error) ?? "\($0.error)" }
            guard let first = reasons.first else { return "no address to connect to" }
            return Set(reasons).count == 1 ? first : reasons.joined(separator: "; ")
        case is SocketAddressError:
            return "its address does not resolve"
        default:
            return nil
        }
    }

    private static func errnoText(_ code: CInt) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
