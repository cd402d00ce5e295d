#!/usr/bin/env python3
"""Yardstick for docs/performance.md ("Condition language (StewardExpr)").

Times the same 20-rule policy and the single rule `errorRate > 0.05` as
Benchmarks/Benchmarks/ExprBenchmarks/ExprBenchmarks.swift, on the same request, in two CEL
engines from PyPI:

    pip install common-expression-language cel-python
    python3 Benchmarks/yardstick/cel_policy_yardstick.py

`common-expression-language` (module `cel`) wraps the Rust cel-interpreter; `cel-python` (module
`celpy`) is pure Python. Each decision is timed on its own with perf_counter_ns (first match
wins, and the request matches only the last rule, so all 20 rules run), after a warm-up; the
script prints the median and p99 per decision.
"""
import statistics
import sys
import time

RULES = [
    'action.type in ["send_email", "contact_customer", "change_pricing", "change_forecast"] && account.mode != "autopilot"',
    'action.risk == "critical"',
    'action.cost > 500.0',
    'agent.errorRate > 0.2',
    'agent.attempts >= 5',
    'tenant == "blocked-tenant"',
    'account.tier == "trial" && action.cost > 50.0',
    'action.external && action.risk == "high"',
    '!action.reversible && action.risk == "high"',
    'action.type == "delete_data"',
    'account.mode == "assist" && action.type != "read_only"',
    'action.type in ["refund", "credit"] && action.cost > 100.0',
    'agent.errorRate > 0.1 && agent.attempts > 2',
    'tenant in ["t-frozen-1", "t-frozen-2", "t-frozen-3"]',
    'action.cost < 0.0',
    'account.tier == "enterprise" && action.risk == "medium" && action.cost > 1000.0',
    'action.type.startsWith("admin_")',
    'account.mode == "scheduled" && action.external',
    'agent.attempts > 10',
    'action.risk in ["low", "medium"] && action.cost <= 10.0',
]

REQUEST = {
    "action": {"type": "update_ticket", "risk": "low", "cost": 5.0, "external": False, "reversible": True},
    "account": {"mode": "autopilot", "tier": "pro"},
    "agent": {"errorRate": 0.01, "attempts": 1},
    "tenant": "acme",
}


def measure(decide, samples):
    for _ in range(min(samples, 1000)):
        decide()
    times = []
    clock = time.perf_counter_ns
    for _ in range(samples):
        start = clock()
        decide()
        times.append(clock() - start)
    times.sort()
    return statistics.median(times) / 1000.0, times[int(len(times) * 0.99)] / 1000.0


def rust_engine():
    import cel
    rules = [cel.compile(r) for r in RULES]
    single = cel.compile("errorRate > 0.05")

    def decide():
        for i, rule in enumerate(rules):
            if rule.execute(REQUEST) is True:
                return i
        return None

    assert decide() == 19
    return "common-expression-language (Rust, module cel)", decide, lambda: single.execute({"errorRate": 0.07})


def python_engine():
    import celpy
    env = celpy.Environment()
    rules = [env.program(env.compile(r)) for r in RULES]
    single = env.program(env.compile("errorRate > 0.05"))
    request = {k: celpy.json_to_cel(v) for k, v in REQUEST.items()}
    single_input = {"errorRate": celpy.json_to_cel(0.07)}

    def decide():
        for i, rule in enumerate(rules):
            if bool(rule.evaluate(request)) is True:
                return i
        return None

    assert decide() == 19
    return "cel-python 0.5.0 (pure Python, module celpy)", decide, lambda: single.evaluate(single_input)


def main():
    print("python %s" % sys.version.split()[0])
    for make, samples in ((rust_engine, 20000), (python_engine, 2000)):
        try:
            name, decide, single = make()
        except ImportError as error:
            print("%s: not installed (%s)" % (make.__name__, error))
            continue
        med, p99 = measure(decide, samples)
        smed, sp99 = measure(single, samples)
        print("%s\n  20-rule policy per decision: median %.1f us, p99 %.1f us (%d samples)\n"
              "  errorRate > 0.05:            median %.2f us, p99 %.2f us" % (name, med, p99, samples, smed, sp99))


if __name__ == "__main__":
    main()
