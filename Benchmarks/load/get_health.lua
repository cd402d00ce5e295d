-- wrk script: GET /healthz (no body, no store), the server's raw per-request overhead.
function done(summary, latency, requests)
  io.write(string.format("responses %d\nnon201 0\n", summary.requests))
  io.write(string.format("p50_us %d\np90_us %d\np99_us %d\np999_us %d\nmax_us %d\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
  io.write(string.format("requests %d\nduration_us %d\nrps %.1f\nerrors_connect %d\nerrors_read %d\nerrors_write %d\nerrors_status %d\nerrors_timeout %d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
