import CoreMetrics
public import Prometheus
import Synchronization

/// The process's one Prometheus registry, installed as the swift-metrics backend on first use.
///
/// swift-metrics can be bootstrapped once per process; tests build many applications, so they all
/// share this registry.
public enum StewardMetrics {
    private static let installed = Mutex(false)

    /// The registry `/metrics` serves.
    public static let registry = PrometheusCollectorRegistry()

    /// Installs the registry as the metrics backend (once; later calls do nothing).
    public static func bootstrap() {
        let first = installed.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
        // Which build each replica runs, as Prometheus exporters conventionally say it.
        let buildInfo = MetricNameDescriptor(metricName: "steward_build_info", unitName: "", helpText: "The running build: 1, labelled with its version")
        registry.makeGauge(descriptor: buildInfo, labels: [("version", StewardVersion.current)]).set(to: 1.0)
    }
}
