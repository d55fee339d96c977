import NIOCore
import NIOHTTP1

/// Closes a connection whose first request head has not arrived within `timeout` of opening:
/// one that sends nothing, or a few bytes of a head and then nothing. Hummingbird's own idle
/// timeout cannot: with the WebSocket upgrade in the pipeline, it is installed only once the
/// first request has been read and found not to be an upgrade.
///
/// Sits right after the HTTP request decoder and leaves the pipeline at the first head, so from
/// then on Hummingbird's idle timeout governs the time between requests (a request in progress,
/// a long poll among them, is never idle) and an upgraded WebSocket session has none.
final class FirstRequestTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Only a complete head comes through the decoder: the connection has sent a request.
        disarm()
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil else { return }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            bound.value.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
