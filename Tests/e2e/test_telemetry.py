"""Execution telemetry (seed 004 §1b.1-§2a.1) against the real server: records ingested by batch
with per-record errors, priced from steward.yaml, exported as NDJSON that re-ingests byte for byte
and as CSV, vouched for by one ledger entry per batch; baselines; anomalies; roles and filters.

Every answer of a JSON route is validated against openapi.yaml (spine_helpers.Spine.call); the
streamed exports are validated line by line against the document's record schema.
"""
import csv
import datetime
import hashlib
import io
import json
import math
import random
import threading
import urllib.parse
import uuid

import jsonschema
import pytest

from spine_helpers import OpenAPI, openapi

# The wire fields in the order of seed 004 (the CSV columns).
FIELDS = [
    "execution_id", "skill_name", "skill_version", "orchestrator_version", "timestamp_start", "timestamp_end", "operator",
    "environment", "execution_succeeded", "execution_failed", "error_category", "error_code", "error_reason",
    "total_latency_ms", "wall_clock_time_ms", "tokens_used", "tokens_input", "tokens_output", "cost_usd", "cost_tier",
    "cost_source", "provider", "model", "free_tier_quota_used_today", "free_tier_quota_remaining",
    "free_tier_quota_pct_used", "output_correct", "confidence_score", "decision_made", "input_hash", "output_hash",
    "skill_path_in_dag", "skill_fingerprint", "routing_strategy",
]
HASHES = ("input_hash", "output_hash", "skill_fingerprint")

UTC = datetime.timezone.utc
NOW = datetime.datetime.now(UTC).replace(microsecond=0)
# gpt-4 gets cheaper a day ago: records are priced at the price valid when they started.
PRICE_CHANGE = NOW - datetime.timedelta(hours=24)

PRICING = [
    {"provider": "openai", "model": "gpt-4", "inputPerToken": 0.00003, "outputPerToken": 0.00006},
    {"provider": "openai", "model": "gpt-4", "inputPerToken": 0.00002, "outputPerToken": 0.00004,
     "validFrom": PRICE_CHANGE.strftime("%Y-%m-%dT%H:%M:%SZ")},
    {"provider": "openai", "model": "gpt-4o-mini", "inputPerToken": 0.00000015, "outputPerToken": 0.0000006, "tier": "Standard"},
    {"provider": "anthropic", "model": "claude-3-opus", "inputPerToken": 0.000015, "outputPerToken": 0.000075, "tier": "Premium"},
    # Free whatever the per-token figures say.
    {"provider": "google", "model": "gemini-flash", "inputPerToken": 0.0000001, "outputPerToken": 0.0000004, "tier": "Free"},
]

UNICODE_REASONS = [
    "délai dépassé — タイムアウト after 30 s 🚀",
    'quote " comma , and\nnewline\r\nand tab\t',
    "Ошибка авторизации: токен истёк",
    "零宽\u200bspace and line separator \u2028 end",
    "",
]


# --------------------------------------------------------------------------------------------
# Helpers


def iso(moment, offset_hours=0, micro=False):
    """An RFC 3339 text of `moment`, in a zone `offset_hours` east of UTC."""
    local = moment.astimezone(datetime.timezone(datetime.timedelta(hours=offset_hours)))
    if micro:
        text = local.strftime("%Y-%m-%dT%H:%M:%S.%f")
    else:
        text = local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}"
    return text + ("Z" if offset_hours == 0 else local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:])


def parse_ts(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def stored_ts(text):
    """How Steward stores a moment: UTC, milliseconds (truncated), Z."""
    moment = parse_ts(text).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def price_for(provider, model, start):
    """The pricing entry valid at `start` (the latest validFrom not after it), or None."""
    if provider is None or model is None:
        return None
    found = None
    for entry in PRICING:
        if entry["provider"].lower() != provider.lower() or entry["model"].lower() != model.lower():
            continue
        valid = parse_ts(entry["validFrom"]) if "validFrom" in entry else None
        if valid is not None and valid > start:
            continue
        if found is None or (valid or datetime.datetime.min.replace(tzinfo=UTC)) >= (
                parse_ts(found["validFrom"]) if "validFrom" in found else datetime.datetime.min.replace(tzinfo=UTC)):
            found = entry
    return found


def cost_of(entry, tokens_input, tokens_output):
    """tokens × price, rounded half away from zero to 1e-8 USD (as Swift's .rounded())."""
    if entry.get("tier") == "Free":
        return 0
    raw = float(tokens_input) * entry["inputPerToken"] + float(tokens_output) * entry["outputPerToken"]
    scaled = raw * 1e8
    whole = math.floor(scaled)
    return (whole + (1 if scaled - whole >= 0.5 else 0)) / 1e8


def expected_record(sent):
    """The record Steward should store for `sent`: every field, null where nothing was sent."""
    out = {name: None for name in FIELDS}
    out.update(sent)
    out["timestamp_start"] = stored_ts(sent["timestamp_start"])
    out["timestamp_end"] = stored_ts(sent["timestamp_end"])
    out["execution_failed"] = not sent["execution_succeeded"]
    for name in HASHES:
        if out[name] is not None:
            out[name] = out[name].lower()
    tokens_input = sent.get("tokens_input") or 0
    tokens_output = sent.get("tokens_output") or 0
    tokens_used = sent.get("tokens_used")
    if tokens_used is None:
        tokens_used = tokens_input + tokens_output
    out.update(tokens_input=tokens_input, tokens_output=tokens_output, tokens_used=tokens_used)
    entry = price_for(sent.get("provider"), sent.get("model"), parse_ts(sent["timestamp_start"]))
    tier = sent.get("cost_tier") or (entry.get("tier", "Standard") if entry else None)
    cost, source = sent.get("cost_usd"), sent.get("cost_source")
    if cost is not None:
        source = "reported" if source in (None, "unknown") else source
    elif source == "unknown":
        cost = None
    elif tier == "Free":
        cost, source = 0, "priced"
    elif entry is not None:
        cost, source = cost_of(entry, tokens_used - tokens_output, tokens_output), "priced"
    elif tokens_used == 0:
        cost, source = 0, "none"
    else:
        cost, source = None, "unknown"
    out.update(cost_usd=cost, cost_tier=tier, cost_source=source)
    return out


def record(i, skill="summarize", start=None, succeeded=True, latency=200, prefix="x", **extra):
    """A minimal valid record; `extra` adds or overrides fields."""
    start = start or (NOW - datetime.timedelta(hours=2) + datetime.timedelta(seconds=i))
    body = {
        "execution_id": f"{prefix}-{i:05d}", "skill_name": skill, "skill_version": "1.0.0",
        "timestamp_start": iso(start), "timestamp_end": iso(start + datetime.timedelta(milliseconds=latency)),
        "execution_succeeded": succeeded, "total_latency_ms": latency,
    }
    body.update(extra)
    return body


def generated(count, seed=4):
    """`count` records varied in every optional field (left out, null or set), unicode error
    reasons, offsets and sub-millisecond timestamps, priced, reported, unpriced and free costs."""
    rng = random.Random(seed)
    models = [("openai", "gpt-4"), ("OpenAI", "GPT-4"), ("openai", "gpt-4o-mini"), ("anthropic", "claude-3-opus"),
              ("google", "gemini-flash"), ("mistral", "unpriced-7b"), (None, None)]
    base = NOW - datetime.timedelta(hours=40)
    records = []
    for i in range(count):
        start = base + datetime.timedelta(seconds=i * 120, milliseconds=rng.randrange(1000))
        latency = rng.randrange(5, 20_000)
        ok = rng.random() < 0.85
        rec = {
            "execution_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "skill_name": rng.choice(["summarize", "classify", "route-ticket", "auth-validator"]),
            "skill_version": rng.choice(["1.0.0", "1.1.0", "2.0.0-beta"]),
            "timestamp_start": iso(start, offset_hours=rng.choice([0, 0, 2, -5]), micro=rng.random() < 0.2),
            "timestamp_end": iso(start + datetime.timedelta(milliseconds=latency), offset_hours=rng.choice([0, 9])),
            "execution_succeeded": ok,
            "total_latency_ms": latency,
        }

        def maybe(name, value):
            roll = rng.random()
            if roll < 0.25:
                return  # left out
            rec[name] = None if roll < 0.4 else value

        maybe("orchestrator_version", rng.choice(["0.9.1", "1.0.0"]))
        maybe("operator", rng.choice(["human", "ci-bot", "CRO"]))
        maybe("environment", rng.choice(["local", "staging", "prod"]))
        if rng.random() < 0.5:
            rec["execution_failed"] = not ok
        if not ok:
            rec["error_category"] = rng.choice(["Security", "Auth", "Network", "Timeout", "Logic"])
            maybe("error_code", rng.randrange(-1, 600))
            rec["error_reason"] = rng.choice(UNICODE_REASONS)
        else:
            maybe("error_reason", None)
        maybe("wall_clock_time_ms", latency + rng.randrange(0, 50))
        provider, model = rng.choice(models)
        if provider is not None:
            rec["provider"], rec["model"] = provider, model
        shape = rng.random()
        if shape < 0.6:
            rec["tokens_input"], rec["tokens_output"] = rng.randrange(0, 5000), rng.randrange(0, 2000)
            if rng.random() < 0.3:  # more used than split: the rest is priced as input
                rec["tokens_used"] = rec["tokens_input"] + rec["tokens_output"] + rng.randrange(0, 300)
        elif shape < 0.7:
            rec["tokens_used"] = rng.randrange(1, 3000)
        elif shape < 0.8:
            # reported by the agent (a free model's cost can only be 0)
            rec["cost_usd"] = 0 if model == "gemini-flash" else round(rng.random() * 0.5, 6)
            rec["tokens_input"], rec["tokens_output"] = rng.randrange(0, 500), rng.randrange(0, 500)
        # else: no tokens at all (cost 0, source none, unless the model is free)
        maybe("free_tier_quota_used_today", rng.randrange(0, 100_000))
        maybe("free_tier_quota_remaining", rng.randrange(0, 100_000))
        maybe("free_tier_quota_pct_used", rng.choice([0, 12.5, 99.99, 100, rng.random() * 100]))
        maybe("output_correct", rng.random() < 0.9)
        maybe("confidence_score", rng.choice([0, 1, 0.5, rng.random()]))
        maybe("decision_made", rng.choice(["APPROVE", "BLOCK", "ESCALATE"]))
        maybe("input_hash", hashlib.sha256(f"in{i}".encode()).hexdigest().upper() if i % 7 == 0
              else hashlib.sha256(f"in{i}".encode()).hexdigest())
        maybe("output_hash", hashlib.sha256(f"out{i}".encode()).hexdigest())
        maybe("skill_path_in_dag", "orchestrator -> rules-engine -> auth-validator -> execution")
        maybe("skill_fingerprint", hashlib.sha256(rec["skill_version"].encode()).hexdigest())
        maybe("routing_strategy", rng.choice(["current_deployment", "candidate_A"]))
        records.append(rec)
    return records


def ndjson(records):
    return ("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n").encode("utf-8")


def schema(name):
    """A validator of components/schemas/`name` of openapi.yaml."""
    doc = openapi()
    return jsonschema.Draft202012Validator(
        {"$ref": OpenAPI.URI + "#/components/schemas/" + name}, registry=doc.registry, format_checker=doc.formats)


def assert_valid(name, value):
    errors = list(schema(name).iter_errors(value))
    assert not errors, f"{name}: {[e.message[:200] for e in errors[:5]]} in {str(value)[:400]}"


def telemetry_yaml(tenants=None, **settings):
    doc = {}
    if tenants:
        doc["tenants"] = [{"id": t} for t in tenants]
    doc["telemetry"] = {"pricing": PRICING, **settings}
    return "\n".join(f"{k}: {json.dumps(v)}" for k, v in doc.items()) + "\n"


class T:
    """Shortcuts over a Spine for the telemetry routes; JSON answers are validated by Spine.call,
    streamed ones here."""

    def __init__(self, spine):
        self.s = spine

    def ingest(self, records, key=None, raw=None, array=False):
        if array:
            return self.s.call("POST", "/v1/executions", records, key=key)
        return self.s.call("POST", "/v1/executions", raw=raw if raw is not None else ndjson(records), key=key,
                           headers={"Content-Type": "application/x-ndjson"})

    def stream(self, path, key=None, status=200):
        """A streamed answer (NDJSON or CSV): (content type, text)."""
        code, headers, data = self.s.server.request("GET", path, key=key or self.s.admin)
        headers = {k.lower(): v for k, v in headers.items()}
        content_type = headers.get("content-type", "")
        body = json.loads(data) if content_type.startswith("application/problem+json") else data.decode("utf-8")
        openapi().validate("GET", path, code, content_type, body)
        assert code == status, (path, code, body)
        return content_type, body

    def export(self, query="", key=None):
        """The NDJSON export's lines (each a stored body, without its newline)."""
        content_type, text = self.stream("/v1/executions/export" + (f"?{query}" if query else ""), key=key)
        assert content_type.startswith("application/x-ndjson"), content_type
        assert text == "" or text.endswith("\n")
        lines = text.split("\n")[:-1]  # never splitlines(): U+2028 is inside records
        for line in lines:
            assert_valid("StoredExecutionRecord", json.loads(line))
        return lines

    def page(self, query="", key=None):
        return self.s.call("GET", "/v1/executions" + (f"?{query}" if query else ""), key=key).ok()

    def all_pages(self, query="", limit=100, key=None):
        """Every record by following `next`; asserts no page is over `limit`."""
        got, after = [], None
        while True:
            parts = [query] if query else []
            parts.append(f"limit={limit}")
            if after:
                parts.append(f"after={after}")
            page = self.page("&".join(parts), key=key)
            assert len(page["executions"]) <= limit
            got += page["executions"]
            assert page["next"] == page["nextCursor"]
            after = page["nextCursor"]
            if after is None:
                return got
            assert page["executions"], "a page with a next cursor must not be empty"

    def compute(self, body=None, key=None):
        return self.s.call("POST", "/v1/baselines/compute", body if body is not None else {}, key=key)

    def count(self, key=None):
        return len(self.all_pages(limit=1000, key=key))


def q(**params):
    return urllib.parse.urlencode(params)


# --------------------------------------------------------------------------------------------
# Round trip


def test_a_thousand_records_round_trip_through_ndjson_and_csv_byte_for_byte(spine_factory):
    s = spine_factory.start(telemetry_yaml(tenants=["default", "copy"]))
    t = T(s)
    records = generated(1000)
    for rec in records:
        assert_valid("ExecutionRecord", rec)
    sizes = [100, 250, 400, 250]
    batches, offset = [], 0
    for n in sizes:
        batches.append(records[offset:offset + n])
        offset += n

    receipts = []
    for number, batch in enumerate(batches):
        reply = t.ingest(batch, array=(number == 1))  # one batch as a JSON array, the rest NDJSON
        receipt = reply.ok(202)
        unpriced = [r for r in batch if expected_record(r)["cost_source"] == "unknown"]
        assert (receipt["accepted"], receipt["refused"], receipt["duplicates"], receipt["errors"]) == (len(batch), 0, 0, []), receipt
        assert receipt["duplicateIds"] == [] and receipt["anomalies"] == []
        assert sum(w["records"] for w in receipt["warnings"]) == len(unpriced)
        assert all(w["field"].endswith("].cost_usd") for w in receipt["warnings"])
        assert isinstance(receipt["ledgerSeq"], int)
        receipts.append(receipt)
    assert any(r["warnings"] for r in receipts), "the data holds unpriced records"

    # The export is every record as the server computed it, in the order sent.
    lines = t.export()
    exported = [json.loads(line) for line in lines]
    assert len(exported) == 1000
    assert [r["execution_id"] for r in exported] == [r["execution_id"] for r in records]
    for sent, got in zip(records, exported):
        assert got == expected_record(sent), (sent, got)
        assert list(got) == sorted(got), "stored bodies are canonical JSON (sorted keys)"

    # A few fields by hand: cost = tokens × the price valid at the start; free is 0; unpriced is null.
    by_id = {r["execution_id"]: r for r in exported}
    sent_by_id = {r["execution_id"]: r for r in records}
    checked = {"old-gpt4": 0, "new-gpt4": 0, "free": 0, "unknown": 0, "none": 0, "reported": 0}
    for rid, got in by_id.items():
        sent = sent_by_id[rid]
        start = parse_ts(sent["timestamp_start"])
        if (sent.get("model") or "").lower() == "gpt-4" and "cost_usd" not in sent and got["tokens_used"] > 0:
            inp, out = got["tokens_used"] - got["tokens_output"], got["tokens_output"]
            rates = (0.00003, 0.00006) if start < PRICE_CHANGE else (0.00002, 0.00004)
            assert got["cost_usd"] == pytest.approx(inp * rates[0] + out * rates[1], abs=1e-8), got
            assert got["cost_source"] == "priced" and got["cost_tier"] == "Standard"
            checked["old-gpt4" if start < PRICE_CHANGE else "new-gpt4"] += 1
        elif sent.get("model") == "gemini-flash" and "cost_usd" not in sent:
            assert got["cost_usd"] == 0 and got["cost_tier"] == "Free", got
            checked["free"] += 1
        elif got["cost_source"] == "unknown":
            assert got["cost_usd"] is None and got["tokens_used"] > 0 and got["cost_tier"] is None
            checked["unknown"] += 1
        elif got["cost_source"] == "none":
            assert got["cost_usd"] == 0 and got["tokens_used"] == 0
            checked["none"] += 1
        elif got["cost_source"] == "reported":
            assert got["cost_usd"] == sent["cost_usd"]
            checked["reported"] += 1
    assert all(checked.values()), checked
    assert any(r["error_reason"] == UNICODE_REASONS[0] for r in exported)
    assert any(r["error_reason"] == "" for r in exported), "an empty error_reason stays empty, not null"

    # Each batch is one executions.ingested entry whose sha256 vouches for exactly its bodies.
    entries = s.ledger("executions.ingested")
    assert [e["seq"] for e in entries] == [r["ledgerSeq"] for r in receipts]
    offset = 0
    for entry, batch in zip(entries, batches):
        chunk = lines[offset:offset + len(batch)]
        offset += len(batch)
        payload = entry["payload"]
        assert payload["count"] == len(batch)
        assert payload["first"] == batch[0]["execution_id"] and payload["last"] == batch[-1]["execution_id"]
        assert payload["sha256"] == hashlib.sha256("".join(line + "\n" for line in chunk).encode("utf-8")).hexdigest()
        assert payload["skills"] == sorted({r["skill_name"] for r in batch}) and entry["subject"] == "skills"

    # The export re-ingests unchanged: into a second tenant, and into a fresh server without prices.
    first = "".join(line + "\n" for line in lines)
    copy_key = s.key("agent", tenant="copy")
    for half in (lines[:500], lines[500:]):
        receipt = t.ingest(None, raw="".join(line + "\n" for line in half).encode("utf-8"), key=copy_key).ok(202)
        assert (receipt["accepted"], receipt["refused"], receipt["warnings"]) == (500, 0, []), receipt
    assert "".join(line + "\n" for line in t.export(key=copy_key)) == first

    fresh = T(spine_factory.start("telemetry: {\"pricing\": []}\n"))
    receipt = fresh.ingest(None, raw=first.encode("utf-8")).ok(202)
    assert (receipt["accepted"], receipt["refused"]) == (1000, 0), receipt
    assert "".join(line + "\n" for line in fresh.export()) == first

    # CSV: a header naming every field, then 1,000 rows Python's csv module reads back.
    content_type, text = t.stream("/v1/executions/export?format=csv")
    assert content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == FIELDS
    assert set(FIELDS) == set(openapi().doc["components"]["schemas"]["ExecutionRecord"]["properties"])
    assert len(rows) == 1001 and all(len(row) == len(FIELDS) for row in rows)
    for row, rec in zip(rows[1:], exported):
        for name, cell in zip(FIELDS, row):
            value = rec[name]
            if value is None:
                assert cell == "", (name, cell)
            elif isinstance(value, bool):
                assert cell == ("true" if value else "false"), (name, cell)
            elif isinstance(value, (int, float)):
                assert float(cell) == value, (name, cell, value)
            else:
                assert cell == value, (name, cell, value)


# --------------------------------------------------------------------------------------------
# Per-record errors


def test_one_unreadable_record_in_a_json_array_refuses_only_itself(spine_factory):
    """QA telemetry r3 #5: an out-of-range number or a repeated field in one element of a JSON array
    refused the whole batch (400), while the same records as NDJSON stored the good ones."""
    s = spine_factory.start(telemetry_yaml())
    good = [json.dumps(record(n, prefix="arr")) for n in range(3)]
    for bad in ['{"execution_id": "arr-x", "error_code": 99999999999999999999}', '{"confidence_score": 1e400}',
                '{"total_latency_ms": 5, "total_latency_ms": 6}']:
        body = ("[" + ", ".join(good[:1] + [bad] + good[1:]) + "]").encode()
        receipt = s.call("POST", "/v1/executions", raw=body, headers={"Content-Type": "application/json"}).ok(202)
        assert (receipt["accepted"], receipt["refused"]) in [(3, 1), (0, 1)], receipt
        assert [e["field"] for e in receipt["errors"]] == ["[1]"], receipt["errors"]
    assert len(T(s).all_pages(limit=1000)) == 3
    # A body that is not an array at all is still refused whole.
    s.call("POST", "/v1/executions", raw=b'[{"a": 1}, {"b": ', headers={"Content-Type": "application/json"}).problem(400)


def test_a_batch_keeps_its_good_records_and_names_each_bad_ones_fields(spine_factory):
    s = spine_factory.start(telemetry_yaml(skills=["summarize", "classify"], unknownSkills="refuse"))
    t = T(s)
    head = s.head()
    future = NOW + datetime.timedelta(hours=2)
    lines = [
        json.dumps(record(0, prefix="err")),                                                          # 0 good
        json.dumps({k: v for k, v in record(1, prefix="err").items() if k not in ("execution_id", "skill_version")}),
        json.dumps(record(2, prefix="err", total_latency_ms="fast", execution_succeeded="yes", tokens_input=1.5,
                          confidence_score="high", error_code="E42")),
        json.dumps(record(3, prefix="err", total_latency_ms=-5)),
        json.dumps(record(4, prefix="err", tokens_output=-1, tokens_input=-3)),
        json.dumps(record(5, prefix="err", timestamp_end=iso(NOW - datetime.timedelta(hours=3)))),
        '{"execution_id": "err-00006", "skill_name": ',                                              # 6 not JSON
        "",                                                                                            # blank: skipped
        json.dumps(record(7, prefix="err", skill="not-registered")),
        json.dumps(record(8, prefix="err", provider="openai", model="gpt-9", tokens_input=100, tokens_output=20)),
        json.dumps(record(9, prefix="err", skill="classify", provider="openai", model="gpt-9", tokens_used=50)),
        json.dumps(record(10, prefix="err", skill="classify", provider="openai", model="gpt-4", tokens_input=10,
                          tokens_output=10, error_reason=None, operator=None)),
        json.dumps(record(11, prefix="err", colour="blue")),
        json.dumps(record(12, prefix="err", start=future, timestamp_end=iso(future + datetime.timedelta(seconds=1)))),
        json.dumps(record(13, prefix="err", execution_failed=True)),
        json.dumps(record(14, prefix="err", input_hash="abc123")),
        json.dumps(record(15, prefix="err", error_category="Cosmic", confidence_score=1.5, free_tier_quota_pct_used=101)),
        json.dumps(record(16, prefix="err", tokens_input=10, tokens_output=10, tokens_used=5)),
    ]
    reply = t.ingest(None, raw=("\n".join(lines) + "\n").encode())
    receipt = reply.ok(202)
    fields = {e["field"] for e in receipt["errors"]}
    # Positions count the non-blank lines: the blank one after [6] is skipped.
    expected_fields = {
        "[1].execution_id", "[1].skill_version",
        "[2].total_latency_ms", "[2].execution_succeeded", "[2].tokens_input", "[2].confidence_score", "[2].error_code",
        "[3].total_latency_ms",
        "[4].tokens_output", "[4].tokens_input",
        "[5].timestamp_end",
        "[6]",
        "[7].skill_name",
        "[11].colour",
        "[12].timestamp_end",
        "[13].execution_failed",
        "[14].input_hash",
        "[15].error_category", "[15].confidence_score", "[15].free_tier_quota_pct_used",
        "[16].tokens_used",
    }
    assert fields == expected_fields, sorted(fields ^ expected_fields)
    assert all(e["reason"] for e in receipt["errors"])
    reasons = {e["field"]: e["reason"] for e in receipt["errors"]}
    assert "before timestamp_start" in reasons["[5].timestamp_end"]
    assert "future" in reasons["[12].timestamp_end"]
    assert "not-registered" in reasons["[7].skill_name"]
    assert "line 7" in reasons["[6]"], "the reason names the line of the body"
    assert (receipt["accepted"], receipt["refused"], receipt["duplicates"]) == (4, 13, 0), receipt
    # Two unpriced records of one model: one grouped warning, naming the first and counting both.
    assert receipt["warnings"] == [{"field": "[8].cost_usd", "reason": receipt["warnings"][0]["reason"], "records": 2}], receipt
    assert "gpt-9" in receipt["warnings"][0]["reason"]
    assert isinstance(receipt["ledgerSeq"], int)

    stored = {r["execution_id"]: r for r in t.all_pages()}
    assert set(stored) == {"err-00000", "err-00008", "err-00009", "err-00010"}
    assert stored["err-00008"]["cost_usd"] is None and stored["err-00008"]["cost_source"] == "unknown"
    assert stored["err-00009"]["cost_usd"] is None and stored["err-00009"]["tokens_used"] == 50
    assert stored["err-00010"]["cost_usd"] == pytest.approx(10 * 0.00002 + 10 * 0.00004, abs=1e-12)
    [entry] = s.ledger("executions.ingested")
    assert entry["payload"]["count"] == 4 and entry["seq"] == receipt["ledgerSeq"]

    # A JSON array is a batch too: positions are array indexes.
    receipt = t.ingest([record(20, prefix="arr"), {"execution_id": 7}, "not an object"], array=True).ok(202)
    assert receipt["accepted"] == 1 and receipt["refused"] == 2
    assert {"[1].execution_id", "[1].skill_name", "[2]"} <= {e["field"] for e in receipt["errors"]}

    # A batch whose every record is refused stores nothing: 422 with the receipt.
    head = s.head()
    count = t.count()
    reply = t.ingest([record(30, prefix="bad", total_latency_ms=-1), record(31, prefix="bad", skill="nope")])
    assert reply.status == 422 and reply.content_type.startswith("application/json"), reply
    assert reply.body["accepted"] == 0 and reply.body["ledgerSeq"] is None
    assert {e["field"] for e in reply.body["errors"]} == {"[0].total_latency_ms", "[1].skill_name"}
    assert s.head() == head and t.count() == count

    # A single object that is invalid: a problem document naming each field; nothing stored.
    s.call("POST", "/v1/executions", record(40, prefix="one", total_latency_ms=-1, tokens_input="many")).problem(
        422, "total_latency_ms", "tokens_input")
    s.call("POST", "/v1/executions", {"skill_name": "summarize"}).problem(
        422, "execution_id", "skill_version", "timestamp_start", "timestamp_end", "execution_succeeded", "total_latency_ms")
    s.call("POST", "/v1/executions", record(41, prefix="one", skill="nope")).problem(422, "skill_name")
    s.call("POST", "/v1/executions", raw=b"{not json").problem(400, "body")
    s.call("POST", "/v1/executions", raw=b"[]").problem(400, "body")
    s.call("POST", "/v1/executions", raw=b"\n\n", headers={"Content-Type": "application/x-ndjson"}).problem(400, "body")
    assert s.head() == head and t.count() == count

    # A valid single object: 202 with the receipt, fields without a position.
    receipt = s.call("POST", "/v1/executions", record(42, prefix="one", provider="openai", model="gpt-9", tokens_used=9)).ok(202)
    assert receipt["accepted"] == 1 and receipt["warnings"][0]["field"] == "cost_usd" and receipt["warnings"][0]["records"] == 1


def test_a_dry_run_answers_as_ingest_would_and_stores_nothing(spine_factory):
    s = spine_factory.start(telemetry_yaml(skills=["summarize"], unknownSkills="refuse"))
    t = T(s)
    kept = record(0, prefix="dry")
    assert t.ingest([kept]).ok(202)["accepted"] == 1
    head, count = s.head(), t.count()
    batch = [
        record(1, prefix="dry", provider="openai", model="gpt-9", tokens_used=10),
        record(2, prefix="dry", total_latency_ms=-1),
        record(3, prefix="dry", skill="nope"),
        record(1, prefix="dry"),                      # the same id twice in the batch
        record(4, prefix="dry", provider="openai", model="gpt-4", tokens_input=10, tokens_output=10),
    ]
    receipt = s.call("POST", "/v1/executions?dryRun=true", raw=ndjson(batch), headers={"Content-Type": "application/x-ndjson"}).ok(202)
    assert (receipt["accepted"], receipt["refused"], receipt["duplicates"]) == (2, 2, 1), receipt
    assert {e["field"] for e in receipt["errors"]} == {"[1].total_latency_ms", "[2].skill_name"}
    # The second dry-1 is another execution under the same id: warned, naming what differs.
    assert [(w["field"], w["records"]) for w in receipt["warnings"]] == [("[0].cost_usd", 1), ("[3].execution_id", 1)]
    assert "(tokens_used, provider, model differ)" in receipt["warnings"][1]["reason"], receipt["warnings"]
    assert receipt["ledgerSeq"] is None and receipt["anomalies"] == []
    s.call("POST", "/v1/executions?dryRun=true", record(5, prefix="dry", total_latency_ms=-1)).problem(422, "total_latency_ms")
    single = s.call("POST", "/v1/executions?dryRun=true", kept).ok(202)
    assert single["accepted"] == 1 and single["ledgerSeq"] is None, "a dry run does not look for stored duplicates"
    # A misspelt dry run is refused, not taken for a real one.
    for spelling in ["yes", "1", "TRUE", ""]:
        s.call("POST", f"/v1/executions?dryRun={spelling}", kept).problem(422, "dryRun")
    assert s.head() == head and t.count() == count
    # The same batch for real stores what the dry run said it would.
    real = t.ingest(batch).ok(202)
    assert (real["accepted"], real["refused"], real["duplicates"]) == (2, 2, 1) and real["ledgerSeq"] is not None
    assert t.count() == count + 2


# --------------------------------------------------------------------------------------------
# Duplicates and the ledger


def test_reposted_ids_store_nothing_new_and_each_batch_hash_vouches_for_its_bodies(spine_factory):
    s = spine_factory.start(telemetry_yaml())
    t = T(s)
    first = [record(i, prefix="dup", skill="summarize", provider="openai", model="gpt-4", tokens_input=i, tokens_output=2 * i)
             for i in range(50)]
    receipt = t.ingest(first).ok(202)
    assert (receipt["accepted"], receipt["duplicates"]) == (50, 0)

    head = s.head()
    again = t.ingest(first).ok(202)
    assert (again["accepted"], again["duplicates"], again["refused"]) == (0, 50, 0), again
    assert again["duplicateIds"] == [r["execution_id"] for r in first]
    assert again["ledgerSeq"] is None and s.head() == head, "a batch of duplicates writes nothing"
    assert again["warnings"] == [], "a retry of the same records is not a conflict"

    # A stored id sent again as another execution is answered, not silently dropped: 409 alone.
    reused = dict(first[3], skill_version="9.9", total_latency_ms=99999)
    conflict = s.call("POST", "/v1/executions", reused).problem(409, "execution_id")
    [reason] = [e["reason"] for e in conflict.body["errors"]]
    assert "skill_version, total_latency_ms differ" in reason and "stored record stands" in reason, reason
    assert s.call("POST", "/v1/executions", first[3]).ok(202)["duplicates"] == 1
    assert s.head() == head

    # Ten old ids (one reused for another execution), twenty new ones, one new id twice in the
    # batch (the second copy altered).
    fresh = [record(100 + i, prefix="dup", skill="classify") for i in range(20)]
    twice = dict(fresh[5], total_latency_ms=999)
    mixed = first[:1] + [dict(first[1], execution_succeeded=False, error_category="Logic")] + first[2:10] + fresh + [twice]
    receipt2 = t.ingest(mixed).ok(202)
    assert (receipt2["accepted"], receipt2["duplicates"]) == (20, 11), receipt2
    assert sorted(receipt2["duplicateIds"]) == sorted([r["execution_id"] for r in first[:10]] + [twice["execution_id"]])
    conflicts = {w["field"]: w["reason"] for w in receipt2["warnings"] if w["field"].endswith("].execution_id")}
    assert set(conflicts) == {"[1].execution_id", "[30].execution_id"}, receipt2["warnings"]
    assert "execution_succeeded, execution_failed, error_category differ" in conflicts["[1].execution_id"], conflicts
    assert "total_latency_ms differ" in conflicts["[30].execution_id"], conflicts
    assert t.count() == 70

    stored = {r["execution_id"]: r for r in t.all_pages()}
    assert stored[twice["execution_id"]]["total_latency_ms"] == 200, "the first copy in the batch is the one kept"

    verdict = s.verify()
    assert "fault" not in verdict and verdict["entriesChecked"] >= 2, verdict
    entries = s.ledger("executions.ingested")
    assert [e["seq"] for e in entries] == [receipt["ledgerSeq"], receipt2["ledgerSeq"]]
    assert entries[0]["subject"] == "skill:summarize" and entries[1]["subject"] == "skill:classify"
    lines = t.export()
    chunks = [lines[:50], lines[50:]]
    for entry, chunk in zip(entries, chunks):
        assert entry["payload"]["count"] == len(chunk)
        body = "".join(line + "\n" for line in chunk).encode("utf-8")
        assert entry["payload"]["sha256"] == hashlib.sha256(body).hexdigest()
        assert entry["payload"]["first"] == json.loads(chunk[0])["execution_id"]
        assert entry["payload"]["last"] == json.loads(chunk[-1])["execution_id"]
        assert entry["kind"] == "executions.ingested" and entry["actor"].startswith("key:")


def test_concurrent_batches_with_the_same_ids_store_and_vouch_for_each_record_once(spine_factory):
    s = spine_factory.start(telemetry_yaml())
    t = T(s)
    body = ndjson([record(i, prefix="race", start=NOW - datetime.timedelta(hours=3) + datetime.timedelta(seconds=i)) for i in range(1000)])
    receipts, lock = [], threading.Lock()

    def post():
        reply = t.ingest(None, raw=body)
        with lock:
            receipts.append(reply.ok(202))

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert t.count() == 1000
    assert sum(r["accepted"] for r in receipts) == 1000, [(r["accepted"], r["duplicates"]) for r in receipts]
    assert sum(r["duplicates"] for r in receipts) == 3000
    entries = s.ledger("executions.ingested")
    assert sum(e["payload"]["count"] for e in entries) == 1000, [e["payload"]["count"] for e in entries]


# --------------------------------------------------------------------------------------------
# Free tier


def test_a_free_tier_model_costs_zero_with_tier_free_never_null(spine_factory):
    s = spine_factory.start(telemetry_yaml())
    t = T(s)
    records = [
        record(0, prefix="free", provider="google", model="gemini-flash", tokens_input=12_000, tokens_output=3_000),
        record(1, prefix="free", provider="Google", model="Gemini-Flash", tokens_used=500),
        record(2, prefix="free", provider="google", model="gemini-flash"),
        record(3, prefix="free", cost_tier="Free", tokens_input=50, tokens_output=50),  # tier sent, no model
        record(4, prefix="free", provider="google", model="gemini-flash", cost_usd=0, tokens_used=10),
        record(5, prefix="free", provider="google", model="gemini-flash", cost_usd=0.25, tokens_used=10),  # refused
        record(6, prefix="free", cost_tier="Free", cost_usd=0.01),  # refused
    ]
    receipt = t.ingest(records).ok(202)
    assert receipt["accepted"] == 5 and receipt["warnings"] == [], receipt
    assert {e["field"] for e in receipt["errors"]} == {"[5].cost_usd", "[6].cost_usd"}
    stored = {r["execution_id"]: r for r in t.all_pages()}
    assert len(stored) == 5
    for rid, rec in stored.items():
        assert rec["cost_usd"] == 0 and rec["cost_usd"] is not None, rec
        assert rec["cost_tier"] == "Free", rec
    assert stored["free-00000"]["cost_source"] == "priced" and stored["free-00004"]["cost_source"] == "reported"
    # A standard model beside it is charged.
    paid = t.ingest([record(9, prefix="free", provider="openai", model="gpt-4o-mini", tokens_input=1000, tokens_output=1000)]).ok(202)
    assert paid["accepted"] == 1
    [rec] = [r for r in t.all_pages() if r["execution_id"] == "free-00009"]
    assert rec["cost_tier"] == "Standard" and rec["cost_usd"] == pytest.approx(1000 * 0.00000015 + 1000 * 0.0000006, abs=1e-12)


def test_quotas_count_todays_use_take_the_providers_report_and_alert_once_at_80_and_at_the_limit(spine_factory):
    s = spine_factory.start(telemetry_yaml(quotas=[
        {"provider": "openai", "dailyLimit": 10_000},
        {"provider": "github", "dailyLimit": 100, "unit": "requests"},
    ]))
    t = T(s)
    now = datetime.datetime.now(datetime.timezone.utc)

    def used(i, tokens, **extra):
        return record(i, prefix="quota", start=now - datetime.timedelta(seconds=30), provider="openai", model="gpt-4",
                      tokens_input=tokens, **extra)

    def quotas():
        return {q["provider"]: q for q in s.call("GET", "/v1/quotas").ok()["quotas"]}

    def alerts():
        return [(e["kind"], e["subject"]) for e in s.call("GET", "/v1/ledger?kind=quota.warning&kind=quota.exhausted").ok()["entries"]]

    fresh = quotas()
    assert fresh["openai"]["usedToday"] == 0 and fresh["openai"]["level"] == "GREEN" and fresh["github"]["unit"] == "requests"
    assert 0 < fresh["openai"]["daysUntilReset"] <= 1 and "projectedExhaustion" not in fresh["openai"]

    assert t.ingest([used(i, 1_000) for i in range(6)]).ok(202)["accepted"] == 6
    q = quotas()["openai"]
    assert (q["usedToday"], q["remaining"], q["level"], q["exhausted"]) == (6_000, 4_000, "YELLOW", False), q
    # Today's rate (6,000 tokens since the day began) reaches the limit after 4,000 more: before the
    # reset only while less than 60% of the day has gone (14:24 UTC for a day starting at midnight).
    resets = datetime.datetime.fromisoformat(q["resetsAt"].replace("Z", "+00:00"))
    elapsed = (now - (resets - datetime.timedelta(days=1))).total_seconds()
    if elapsed < 0.6 * 86_400 - 120:
        assert q["projectedExhaustion"] < q["resetsAt"], q
    elif elapsed > 0.6 * 86_400 + 120:
        assert "projectedExhaustion" not in q, q
    assert alerts() == []

    # Exactly 80% is not above 80%: still YELLOW, and no warning (QA telemetry F5).
    assert t.ingest([used(20, 100, free_tier_quota_remaining=2_000)]).ok(202)["accepted"] == 1
    q = quotas()["openai"]
    assert (q["usedToday"], q["level"]) == (8_000, "YELLOW"), q
    assert alerts() == []

    # The provider says more was used than Steward saw (another client shares the key).
    assert t.ingest([used(6, 100, free_tier_quota_remaining=1_500)]).ok(202)["accepted"] == 1
    q = quotas()["openai"]
    assert (q["usedToday"], q["level"]) == (8_500, "RED"), q
    assert alerts() == [("quota.warning", "provider:openai")]
    # A share the provider reports counts the same way (QA telemetry r3 #4): 87% of 10,000.
    assert t.ingest([used(21, 100, free_tier_quota_pct_used=87)]).ok(202)["accepted"] == 1
    q = quotas()["openai"]
    assert (q["usedToday"], q["level"]) == (8_700, "RED"), q
    assert alerts() == [("quota.warning", "provider:openai")]

    assert t.ingest([used(i, 1_000) for i in range(7, 10)]).ok(202)["accepted"] == 3
    q = quotas()["openai"]
    assert q["exhausted"] is True and q["remaining"] == 0 and q["pctUsed"] >= 100, q
    assert alerts() == [("quota.warning", "provider:openai"), ("quota.exhausted", "provider:openai")]
    assert t.ingest([used(10, 1_000)]).ok(202)["accepted"] == 1
    assert len(alerts()) == 2  # each threshold is crossed once a day
    # Records of another day, or of a provider without a quota, do not count today.
    yesterday = record(11, prefix="quota", start=now - datetime.timedelta(days=1, hours=1), provider="github", model="x")
    assert t.ingest([yesterday, record(12, prefix="quota", provider="mistral", model="y", tokens_input=5)]).ok(202)["accepted"] == 2
    assert quotas()["github"]["usedToday"] == 0



def test_quota_percentages_are_answered_without_binary_noise(spine_factory):
    """QA console L4: 11 of 20 requests was answered as 55.00000000000001."""
    s = spine_factory.start(telemetry_yaml(quotas=[{"provider": "github", "dailyLimit": 20, "unit": "requests"},
                                                    {"provider": "acme", "dailyLimit": 3, "unit": "requests"}]))
    t = T(s)
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=30)
    batch = [record(i, prefix="pct", start=start, provider="github", model="x") for i in range(11)]
    batch.append(record(11, prefix="pct", start=start, provider="acme", model="x"))
    assert t.ingest(batch).ok(202)["accepted"] == 12
    quotas = {q["provider"]: q for q in s.call("GET", "/v1/quotas").ok()["quotas"]}
    assert quotas["github"]["pctUsed"] == 55 and quotas["github"]["level"] == "YELLOW", quotas["github"]
    assert quotas["acme"]["pctUsed"] == 33.33, quotas["acme"]
    # A misspelt filter on a telemetry read is refused, naming the one meant (QA console L5).
    for path, field, meant in (("/v1/executions?skil=x", "skil", "skill"), ("/v1/executions/export?skil=x", "skil", "skill"),
                               ("/v1/anomalies?skil=x", "skil", "skill"), ("/v1/baselines?formt=csv", "formt", "format"),
                               ("/v1/quotas?provider=github", "provider", None)):
        problem = s.call("GET", path).problem(422, field)
        reason = next(e["reason"] for e in problem.body["errors"] if e["field"] == field)
        assert reason.startswith("is not a parameter of this endpoint"), reason
        assert meant is None or reason.endswith(f"did you mean '{meant}'?"), reason


# --------------------------------------------------------------------------------------------
# Baselines


def nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def test_baselines_are_computed_from_the_data_and_provisional_below_the_minimum_sample(spine_factory):
    s = spine_factory.start(telemetry_yaml())
    t = T(s)
    operator = s.key("operator")
    rng = random.Random(11)
    latencies = [10 * (k + 1) for k in range(200)]
    rng.shuffle(latencies)
    big = []
    for k, latency in enumerate(latencies):
        model = ("google", "gemini-flash") if k % 10 == 3 else ("openai", "gpt-4o-mini")
        big.append(record(k, prefix="big", skill="invoice-parser", succeeded=(k % 20 != 0), latency=latency,
                          provider=model[0], model=model[1], tokens_input=100 + k, tokens_output=50))
    small = [record(k, prefix="small", skill="tiny-skill", latency=50 + k) for k in range(40)]
    assert t.ingest(big).ok(202)["accepted"] == 200
    assert t.ingest(small).ok(202)["accepted"] == 40

    # Computing needs an operator.
    t.compute(key=s.key("agent")).problem(403)
    before = len(s.ledger("baseline.computed"))
    results = t.compute(key=operator).ok()["results"]
    assert [(r["skill"], r["outcome"]) for r in results] == [("invoice-parser", "computed"), ("tiny-skill", "computed")]
    b = results[0]["baseline"]
    assert b["provisional"] is False and b["sampleSize"] == 200
    assert b["frozenUntil"] is not None and parse_ts(b["frozenUntil"]) > NOW + datetime.timedelta(days=13)
    for level, key in ((50, "latencyP50Ms"), (95, "latencyP95Ms"), (99, "latencyP99Ms")):
        want = nearest_rank(latencies, level)
        assert abs(b[key] - want) <= max(10, want * 0.01), (key, b[key], want)
    assert b["successRate"] == pytest.approx(190 / 200)
    assert b["latencyQuantilesMs"] == sorted(b["latencyQuantilesMs"]) and b["latencyQuantilesMs"][-1] == pytest.approx(2000, abs=2)
    costs = [0 if k % 10 == 3 else cost_of(PRICING[2], 100 + k, 50) for k in range(200)]
    assert b["costMeanUSD"] == pytest.approx(sum(costs) / 200, rel=1e-9) and b["costSampleSize"] == 200
    assert b["tokensMean"] == pytest.approx(sum(150 + k for k in range(200)) / 200)
    assert b["tierBreakdown"] == {"Free": 20, "Standard": 180}
    tiny = results[1]["baseline"]
    assert tiny["provisional"] is True and tiny["sampleSize"] == 40 and tiny.get("frozenUntil") is None
    assert len(s.ledger("baseline.computed")) == before + 2

    listed = s.call("GET", "/v1/baselines").ok()["baselines"]
    assert listed == [b, tiny]

    content_type, text = t.stream("/v1/baselines?format=csv")
    assert content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    by_skill = {row["skill"]: row for row in rows}
    assert set(by_skill) == {"invoice-parser", "tiny-skill"}
    row = by_skill["invoice-parser"]
    assert row["sample_size"] == "200" and row["provisional"] == "false" and row["frozen_until"] == b["frozenUntil"]
    assert (int(row["latency_p50_ms"]), int(row["latency_p95_ms"]), int(row["latency_p99_ms"])) == (
        b["latencyP50Ms"], b["latencyP95Ms"], b["latencyP99Ms"])
    assert float(row["success_rate"]) == pytest.approx(0.95) and float(row["avg_cost_usd"]) == pytest.approx(b["costMeanUSD"])
    assert row["cost_tier_breakdown"] == "Free:20;Standard:180"
    assert by_skill["tiny-skill"]["provisional"] == "true" and by_skill["tiny-skill"]["frozen_until"] == ""

    # The first trustworthy baseline is frozen; a provisional one is redone.
    again = t.compute({"skill": "invoice-parser"}, key=operator).ok()["results"]
    assert again == [{"skill": "invoice-parser", "outcome": "frozen", "baseline": b}]
    assert t.ingest([record(100 + k, prefix="small", skill="tiny-skill", latency=60) for k in range(70)]).ok(202)["accepted"] == 70
    [grown] = t.compute({"skill": "tiny-skill"}, key=operator).ok()["results"]
    assert grown["outcome"] == "computed" and grown["baseline"]["sampleSize"] == 110 and grown["baseline"]["provisional"] is False
    assert len(s.ledger("baseline.computed")) == before + 3

    t.compute({"bogus": 1}, key=operator).problem(422, "bogus")
    t.compute({"skill": ""}, key=operator).problem(422, "skill")
    assert t.compute({"skill": "never-ran"}, key=operator).ok()["results"] == []
    s.call("GET", "/v1/baselines?format=xml").problem(422, "format")


# --------------------------------------------------------------------------------------------
# Anomalies


def test_a_run_of_failures_or_slow_executions_is_reported_and_normal_ones_are_not(spine_factory):
    s = spine_factory.start(telemetry_yaml(anomaly={"threshold": 3.0, "required": 3, "window": 10}))
    t = T(s)
    rng = random.Random(7)
    start = NOW - datetime.timedelta(hours=3)

    def at(n):
        return start + datetime.timedelta(seconds=n * 10)

    normal = [record(k, prefix="base", skill="checkout", start=at(k), latency=rng.randrange(150, 251)) for k in range(200)]
    assert t.ingest(normal).ok(202)["anomalies"] == []
    [result] = t.compute({"skill": "checkout"}).ok()["results"]
    assert result["baseline"]["provisional"] is False and result["baseline"]["successRate"] == 1

    n = 200
    calm = [record(n + k, prefix="ok", skill="checkout", start=at(n + k), latency=rng.randrange(180, 221)) for k in range(30)]
    n += 30
    receipt = t.ingest(calm).ok(202)
    assert receipt["anomalies"] == [], receipt["anomalies"]
    assert s.call("GET", "/v1/anomalies").ok() == {"anomalies": [], "nextCursor": None}
    assert s.ledger("telemetry.anomaly") == []

    failures = [record(n + k, prefix="fail", skill="checkout", start=at(n + k), succeeded=False, latency=200,
                       error_category="Network", error_reason="upstream reset") for k in range(5)]
    n += 5
    receipt = t.ingest(failures).ok(202)
    [anomaly] = receipt["anomalies"]  # reported once per episode, by the third failure
    assert anomaly["skill"] == "checkout" and anomaly["executionId"] == failures[2]["execution_id"]
    assert anomaly["dominant"] == "success" and anomaly["score"] > 3 and anomaly["deviations"]["successZ"] < -3
    assert anomaly["anomalousOfWindow"] == 3 and anomaly["window"] == 10
    assert anomaly["at"] == stored_ts(failures[2]["timestamp_end"])
    assert anomaly["baselineComputedAt"] == result["baseline"]["computedAt"]

    # Ten calm executions clear the window; then three slow ones are a new episode.
    calm = [record(n + k, prefix="ok", skill="checkout", start=at(n + k), latency=200) for k in range(10)]
    n += 10
    assert t.ingest(calm).ok(202)["anomalies"] == []
    slow = [record(n + k, prefix="slow", skill="checkout", start=at(n + k), latency=30_000) for k in range(3)]
    receipt = t.ingest(slow).ok(202)
    [slow_anomaly] = receipt["anomalies"]
    assert slow_anomaly["executionId"] == slow[2]["execution_id"] and slow_anomaly["dominant"] == "latency"
    assert slow_anomaly["deviations"]["latencyPercentile"] == 100 and slow_anomaly["deviations"]["latencyZ"] > 3

    entries = s.ledger("telemetry.anomaly")
    assert [e["payload"] for e in entries] == [anomaly, slow_anomaly]
    assert all(e["subject"] == "skill:checkout" and e["actor"] == "steward" for e in entries)
    listed = s.call("GET", "/v1/anomalies").ok()
    assert listed["anomalies"] == [dict(a, seq=e["seq"]) for a, e in zip([anomaly, slow_anomaly], entries)]
    assert s.call("GET", "/v1/anomalies?skill=other").ok()["anomalies"] == []
    assert len(s.call("GET", "/v1/anomalies?skill=checkout").ok()["anomalies"]) == 2
    page = s.call("GET", "/v1/anomalies?limit=1").ok()
    assert [a["executionId"] for a in page["anomalies"]] == [anomaly["executionId"]] and page["nextCursor"]
    rest = s.call("GET", f"/v1/anomalies?limit=1&after={page['nextCursor']}").ok()
    assert [a["executionId"] for a in rest["anomalies"]] == [slow_anomaly["executionId"]]
    content_type, text = t.stream("/v1/anomalies?format=jsonl")
    exported = [json.loads(line) for line in text.split("\n") if line]
    assert [e["seq"] for e in exported] == [e["seq"] for e in entries]
    for entry in exported:
        assert_valid("LedgerEntry", entry)
        assert entry["kind"] == "telemetry.anomaly"
    s.call("GET", "/v1/anomalies?format=xml").problem(422, "format")
    assert "fault" not in s.verify()


# --------------------------------------------------------------------------------------------
# Roles


ROUTES = [("POST", "/v1/executions"), ("GET", "/v1/executions"), ("GET", "/v1/executions/export"), ("GET", "/v1/baselines"),
          ("POST", "/v1/baselines/compute"), ("GET", "/v1/anomalies")]


def test_an_agent_ingests_and_reads_only_an_operator_computes_and_no_key_gets_401(spine_factory):
    s = spine_factory.start(telemetry_yaml(tenants=["default", "acme"]))
    t = T(s)
    agent, operator = s.key("agent"), s.key("operator")
    records = [record(k, prefix="role") for k in range(5)]
    assert t.ingest(records, key=agent).ok(202)["accepted"] == 5
    assert len(t.page(key=agent)["executions"]) == 5
    assert len(t.export(key=agent)) == 5
    content_type, text = t.stream("/v1/executions/export?format=csv", key=agent)
    assert len(text.strip().split("\r\n")) == 6
    assert s.call("GET", "/v1/baselines", key=agent).ok() == {"baselines": []}
    t.stream("/v1/baselines?format=csv", key=agent)
    assert s.call("GET", "/v1/anomalies", key=agent).ok()["anomalies"] == []

    head = s.head()
    t.compute(key=agent).problem(403)
    assert s.head() == head and s.call("GET", "/v1/baselines", key=agent).ok() == {"baselines": []}
    assert [r["skill"] for r in t.compute(key=operator).ok()["results"]] == ["summarize"]

    for method, path in ROUTES:
        body = b"{}" if method == "POST" else None
        for auth, key in ((False, None), (True, "nonsense"), (True, "stw_000000000000_" + "0" * 64)):
            code, headers, data = s.server.request(method, path, raw=body, auth=auth, key=key)
            content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
            problem = json.loads(data)
            openapi().validate(method, path, code, content_type, problem)
            assert code == 401 and content_type.startswith("application/problem+json"), (method, path, code)
    assert t.count() == 5

    # A key sees only its tenant's records.
    acme = s.key("agent", tenant="acme")
    assert t.page(key=acme) == {"executions": [], "nextCursor": None, "next": None}
    assert t.export(key=acme) == []
    assert t.ingest(records, key=acme).ok(202)["accepted"] == 5, "ids are unique per tenant"


# --------------------------------------------------------------------------------------------
# Filters and paging


def test_filters_select_by_skill_success_and_start_and_paging_returns_each_record_once(spine_factory):
    s = spine_factory.start(telemetry_yaml())
    t = T(s)
    base = NOW - datetime.timedelta(hours=10)
    records = [record(i, prefix="f", skill="abc"[i % 3], start=base + datetime.timedelta(seconds=60 * i), succeeded=(i % 4 != 0))
               for i in range(300)]
    for chunk in (records[:120], records[120:]):
        assert t.ingest(chunk).ok(202)["accepted"] == len(chunk)

    def ids(rows):
        return [r["execution_id"] for r in rows]

    everything = t.all_pages(limit=7)
    assert ids(everything) == ids(records), "each record once, in the order stored"
    assert len(set(ids(everything))) == 300

    only_b = t.all_pages(q(skill="b"), limit=13)
    assert ids(only_b) == [r["execution_id"] for r in records if r["skill_name"] == "b"]
    failed = t.all_pages(q(succeeded="false"))
    assert ids(failed) == [r["execution_id"] for r in records if not r["execution_succeeded"]]
    assert all(r["execution_failed"] for r in failed)
    window = q(**{"from": records[100]["timestamp_start"], "to": records[200]["timestamp_start"]})
    assert ids(t.all_pages(window, limit=30)) == [r["execution_id"] for r in records[100:200]], "from is inclusive, to exclusive"
    combined = q(**{"skill": "a", "succeeded": "true", "from": records[30]["timestamp_start"], "to": records[90]["timestamp_start"]})
    want = [r["execution_id"] for r in records[30:90] if r["skill_name"] == "a" and r["execution_succeeded"]]
    assert ids(t.all_pages(combined, limit=5)) == want and want
    assert [json.loads(line)["execution_id"] for line in t.export(combined)] == want
    assert t.page(q(skill="nobody")) == {"executions": [], "nextCursor": None, "next": None}

    # A page's `next` is the cursor: reading after it never repeats a record.
    first = t.page("limit=100")
    second = t.page(f"limit=100&after={first['next']}")
    assert not set(ids(first["executions"])) & set(ids(second["executions"]))
    assert ids(first["executions"]) + ids(second["executions"]) == ids(records[:200])
    assert [json.loads(line)["execution_id"] for line in t.export(f"after={first['next']}")] == ids(records[100:])

    for query, field in (("succeeded=maybe", "succeeded"), ("from=yesterday", "from"), ("to=2026-13-45", "to"),
                         ("limit=0", "limit"), ("limit=1001", "limit"), ("after=-1", "after"),
                         # An empty typed parameter is refused, not read as absent.
                         ("to=", "to"), ("from=", "from"), ("limit=", "limit"), ("after=", "after"), ("succeeded=", "succeeded")):
        s.call("GET", f"/v1/executions?{query}").problem(422, field)
    s.call("GET", "/v1/executions/export?format=xml").problem(422, "format")
    s.call("GET", "/v1/executions/export?format=").problem(422, "format")
    s.call("GET", "/v1/executions/export?succeeded=maybe").problem(422, "succeeded")
