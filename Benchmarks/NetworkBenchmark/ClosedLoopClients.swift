import Foundation
import GridCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// The load generator for the many-clients case, in the manner of `wrk`: each of `clients`
/// keep-alive connections sends one request, waits for the whole answer, records how long it
/// took and whether it was the answer wanted, and sends the next, until it has sent its share.
///
/// It runs on NIO's event loops with the request encoded once and the answer only searched for a
/// marker, so that little of the machine's two cores goes to the clients: in the same process an
/// `AsyncHTTPClient` per request cost more CPU than the coordinator's whole HTTP side.
enum ClosedLoopClients {
    /// One answered request: its latency in milliseconds and whether it was the answer wanted.
    typealias Sample = (milliseconds: Double, ok: Bool)

    /// Runs the clients and returns every sample.
    ///
    /// - Parameters:
    ///   - request: the request head; `Content-Length` is set from `body`.
    ///   - wanted: the status and a byte string the answer's body must contain.
    static func run(
        port: Int, clients: Int, requestsPerClient: Int, request: HTTPRequestHead, body: ByteBuffer,
        wanted: (status: HTTPResponseStatus, marker: String)
    ) async throws -> [Sample] {
        var head = request
        head.headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        head.headers.replaceOrAdd(name: "Host", value: "127.0.0.1:\(port)")
        let marker = Array(wanted.marker.utf8)
        let group = MultiThreadedEventLoopGroup.singleton
        var finished: [EventLoopFuture<[Sample]>] = []
        for _ in 0..<clients {
            let loop = group.next()
            let done = loop.makePromise(of: [Sample].self)
            let requestHead = head
            let bootstrap = ClientBootstrap(group: loop).channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        Connection(head: requestHead, body: body, count: requestsPerClient, wanted: wanted.status, marker: marker, done: done))
                }
            }
            bootstrap.connect(host: "127.0.0.1", port: port).whenFailure { done.fail($0) }
            finished.append(done.futureResult)
        }
        var samples: [Sample] = []
        for future in finished { samples += try await future.get() }
        return samples
    }

    /// One client's connection: a request at a time, `count` in all.
    private final class Connection: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias OutboundOut = HTTPClientRequestPart

        private let head: HTTPRequestHead
        private let body: ByteBuffer
        private var remaining: Int
        private let wanted: HTTPResponseStatus
        private let marker: [UInt8]
        private let done: EventLoopPromise<[Sample]>
        private var samples: [Sample] = []
        private var started = ContinuousClock.now
        private var status: HTTPResponseStatus?
        private var answer: [UInt8] = []

        init(head: HTTPRequestHead, body: ByteBuffer, count: Int, wanted: HTTPResponseStatus, marker: [UInt8], done: EventLoopPromise<[Sample]>) {
            self.head = head
            self.body = body
            self.remaining = count
            self.wanted = wanted
            self.marker = marker
            self.done = done
            samples.reserveCapacity(count)
        }

        func channelActive(context: ChannelHandlerContext) {
            send(context)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let response):
                status = response.status
                answer.removeAll(keepingCapacity: true)
            case .body(let bytes):
                answer += bytes.readableBytesView
            case .end:
                let ok = status == wanted && answer.firstRange(of: marker) != nil
                samples.append(((ContinuousClock.now - started).inSeconds * 1000, ok))
                if remaining > 0 {
                    send(context)
                } else {
                    done.succeed(samples)
                    context.close(promise: nil)
                }
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            done.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            done.fail(ChannelError.ioOnClosedChannel)  // ignored once succeeded
        }

        private func send(_ context: ChannelHandlerContext) {
            remaining -= 1
            started = .now
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
