import Foundation
import GridCore
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1

/// The coordinator's connections: Hummingbird's HTTP/1 with a WebSocket upgrade (for
/// `/v1/worker`), plus two guarantees it lacks before the first request. When a connection's
/// first request does not parse (a NUL byte in a header, a malformed request line), the upgrade
/// negotiation never ends and the connection stays open, unanswered, until the client gives up;
/// here it is answered `400` and closed, as a later malformed request on the connection is. And a
/// connection that sends no request at all is closed after `firstRequestTimeout`
/// (``FirstRequestTimeoutHandler``), where it would stay open for good.
struct CoordinatorChannel: ServerChildChannel {
    typealias Value = HTTP1WebSocketUpgradeChannel.Value
    let inner: HTTP1WebSocketUpgradeChannel
    let firstRequestTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(FirstRequestParseErrorHandler())
            // Right after the decoder, so what it sees is a whole request head, not bytes.
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(FirstRequestTimeoutHandler(timeout: firstRequestTimeout), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// Answers `400` (a problem document) and closes the connection when the HTTP decoder fails before any request got
/// through; once one has, Hummingbird answers parse errors itself and this handler stands aside.
final class FirstRequestParseErrorHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny
    typealias OutboundOut = HTTPServerResponsePart
    private var requestSeen = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        requestSeen = true
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !requestSeen, error is HTTPParserError else {
            return context.fireErrorCaught(error)
        }
        requestSeen = true
        let problem = Problem.badRequest("the request is not valid HTTP/1.1 (\(error)); check its request line and headers")
        let body = (try? APICoding.encode(problem)) ?? Data()
        var headers = HTTPHeaders()
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Content-Type", value: "application/problem+json")
        headers.add(name: "Content-Length", value: "\(body.count)")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the worker endpoint's WebSocket upgrade, routed by `router`, in a
    /// ``CoordinatorChannel``: a connection idle for `idleTimeout` before its first request or
    /// between requests is closed (never during one, nor once upgraded to WebSocket).
    static func coordinator(
        router: Router<GridRequestContext>, ws: WebSocketServerConfiguration, idleTimeout: Duration
    ) -> HTTPServerBuilder {
        let webSocketResponder = router.buildResponder()
        let idle = TimeAmount(idleTimeout)
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(http1: .init(idleTimeout: idle), ws: ws)
        return HTTPServerBuilder { responder in
            CoordinatorChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder, configuration: configuration),
                firstRequestTimeout: idle)
        }
    }
}
