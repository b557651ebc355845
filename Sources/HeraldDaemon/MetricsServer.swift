import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// The Prometheus endpoint (`[daemon] metrics`): `GET /metrics` on a loopback address or a unix socket, over
/// SwiftNIO's HTTP/1.1 server pipeline on the process's shared event loops. Everything else is a 404 (405 for
/// other methods). A unix socket is made 0660 so that the group (the unit's `herald` group) may scrape it.
final class MetricsServer: Sendable {
    private let channel: any Channel
    /// Where it listens, with the port the kernel picked for port 0.
    let address: String

    private init(channel: any Channel, address: String) {
        self.channel = channel
        self.address = address
    }

    static func start(_ listen: MetricsListen, render: @escaping @Sendable () -> [UInt8]) async throws
        -> MetricsServer
    {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(render: render))
                }
            }
        switch listen {
        case let .tcp(host, port):
            let channel = try await bootstrap.bind(host: host, port: port).get()
            let bound = channel.localAddress?.port ?? port
            return MetricsServer(channel: channel, address: MetricsListen.tcp(host: host, port: bound).description)
        case let .unix(path):
            let channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
            chmod(path, 0o660)
            return MetricsServer(channel: channel, address: listen.description)
        }
    }

    func stop() async {
        try? await channel.close()
    }
}

/// One connection's requests: the metrics for `GET /metrics`, a short error otherwise.
private final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let render: @Sendable () -> [UInt8]
    private var head: HTTPRequestHead?

    init(render: @escaping @Sendable () -> [UInt8]) {
        self.render = render
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            self.head = nil
            let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
            let (status, body, type): (HTTPResponseStatus, [UInt8], String) =
                switch (head.method, path) {
                case (.GET, "/metrics"): (.ok, render(), "text/plain; version=0.0.4; charset=utf-8")
                case (_, "/metrics"): (.methodNotAllowed, Array("GET only\n".utf8), "text/plain")
                default: (.notFound, Array("see /metrics\n".utf8), "text/plain")
                }
            var headers = HTTPHeaders([("Content-Type", type), ("Content-Length", "\(body.count)")])
            if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status,
                                                                 headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            let keepAlive = head.isKeepAlive
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)  // the completion runs on this loop
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { bound.value.close(promise: nil) }
            }
        }
    }
}
