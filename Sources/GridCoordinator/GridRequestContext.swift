import GridCore
import GridStore
import Hummingbird
import HummingbirdWebSocket

/// The request context of every route: Hummingbird's core, the WebSocket upgrade slot, and the
/// account the API key named (or the worker a session token named), once ``APIKeyMiddleware``
/// has run.
struct GridRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<GridRequestContext>
    /// The caller, when the request carried a valid API key.
    var account: AccountRecord?
    /// The SHA-256 of the API key the request carried, valid or not.
    var apiKeyHash: ContentHash?
    /// The worker, when the request carried the session token of a live worker session (blob
    /// calls only: it is no account, so every other route answers it 401).
    var worker: WorkerID?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        account = nil
        apiKeyHash = nil
        worker = nil
    }

    /// Modules (up to 64 MiB) and jobs with many inputs are larger than Hummingbird's 2 MiB default.
    var maxUploadSize: Int { 80 << 20 }
}
