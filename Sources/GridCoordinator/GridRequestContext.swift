package import GridCore
package import GridStore
package import Hummingbird
package import HummingbirdWebSocket

/// The request context of every route: Hummingbird's core, the WebSocket upgrade slot, and the
/// account the API key named (or the worker a session token named), once ``APIKeyMiddleware``
/// has run.
package struct GridRequestContext: RequestContext, WebSocketRequestContext {
    package var coreContext: CoreRequestContextStorage
    package let webSocket: WebSocketHandlerReference<GridRequestContext>
    /// The caller, when the request carried a valid API key.
    package var account: AccountRecord?
    /// The SHA-256 of the API key the request carried, valid or not.
    package var apiKeyHash: ContentHash?
    /// The worker, when the request carried the session token of a live worker session (blob
    /// calls only: it is no account, so every other route answers it 401).
    package var worker: WorkerID?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        account = nil
        apiKeyHash = nil
        worker = nil
    }

    /// Modules (up to 64 MiB) and jobs with many inputs are larger than Hummingbird's 2 MiB default.
    package var maxUploadSize: Int { 80 << 20 }
}
