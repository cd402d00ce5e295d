public import Hummingbird
public import Prometheus

/// `/metrics` in the Prometheus text format.
public struct MetricsController: Sendable {
    let registry: PrometheusCollectorRegistry

    /// Serves the given registry.
    public init(registry: PrometheusCollectorRegistry) { self.registry = registry }

    /// Adds the route.
    public func register(on router: Router<StewardRequestContext>) {
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16_384)
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
