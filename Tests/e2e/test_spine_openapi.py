"""OpenAPI agreement of the spine's refusals: every route answers a missing key, a malformed body
and a body beyond the server's limit with a problem document of a status openapi.yaml documents
for it (each answer is validated by spine_helpers.Spine.call)."""
import tempfile

import pytest

from spine_helpers import SpineFactory, openapi

ROUTES = [
    ("POST", "/v1/actions"),
    ("POST", "/v1/actions/act_0000000000000000/approve"),
    ("POST", "/v1/actions/act_0000000000000000/reject"),
    ("POST", "/v1/actions/act_0000000000000000/outcome"),
    ("POST", "/v1/decisions/evaluate"),
    ("PUT", "/v1/autonomy"),
    ("PUT", "/v1/accounts/a1/autonomy"),
    ("POST", "/v1/kill-switch"),
]
READS = ["/v1/actions", "/v1/actions/act_0000000000000000", "/v1/autonomy", "/v1/accounts/a1/autonomy", "/v1/kill-switch",
         "/v1/webhook-secret", "/v1/rankings", "/v1/digests?account=a1&date=2020-01-01"]


@pytest.fixture(scope="module")
def s():
    with tempfile.TemporaryDirectory(prefix="steward-e2e-") as d:
        factory = SpineFactory(d)
        yield factory.start()
        factory.close()


@pytest.mark.parametrize("method, path", ROUTES)
def test_malformed_bodies_are_documented_400s(s, method, path):
    before = s.head()
    s.call(method, path, raw=b"{").problem(400, "body")
    s.call(method, path, raw=b"[]").problem(400, "body")
    assert s.head() == before


@pytest.mark.parametrize("method, path", ROUTES)
def test_bodies_beyond_the_limit_are_documented_413s(s, method, path):
    # STEWARD BUG (reported, openapi.yaml): every route but POST /v1/actions answers 413 without
    # documenting it.
    before = s.head()
    s.call(method, path, raw=b'{"x": "' + b"y" * (2 * 1024 * 1024) + b'"}').problem(413)
    assert s.head() == before


@pytest.mark.parametrize("method, path", ROUTES + [("GET", p) for p in READS])
def test_missing_and_wrong_keys_are_documented_401s(s, method, path):
    body = {} if method != "GET" else None
    for key in ["nonsense", "stw_000000000000_" + "0" * 64]:
        reply = s.call(method, path, body, key=key).problem(401)
        assert reply.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("method, path", ROUTES)
def test_bodies_of_another_media_type_are_documented_415s(s, method, path):
    before = s.head()
    for media in ["text/plain", "application/x-www-form-urlencoded"]:
        reply = s.call(method, path, raw=b"{}", headers={"Content-Type": media}).problem(415, "Content-Type")
        assert "application/json" in reply.body["detail"]
    assert s.head() == before


@pytest.mark.parametrize("method, path", ROUTES)
def test_another_charset_or_a_compressed_body_is_a_documented_415(s, method, path):
    before = s.head()
    reply = s.call(method, path, raw=b"{}", headers={"Content-Type": "application/json; charset=utf-16"}).problem(415, "Content-Type")
    assert "utf-16" in reply.body["detail"]
    reply = s.call(method, path, raw=b"{}", headers={"Content-Encoding": "gzip"}).problem(415, "Content-Encoding")
    assert "only identity is accepted" in reply.body["detail"]
    assert s.head() == before


@pytest.mark.parametrize("method, path", ROUTES)
def test_a_member_sent_twice_is_a_documented_400_naming_it(s, method, path):
    before = s.head()
    s.call(method, path, raw=b'{"reason":"a","reason":"b"}').problem(400, "reason")
    assert s.head() == before


def test_every_spine_route_is_documented():
    doc = openapi()
    for method, path in ROUTES + [("GET", p) for p in READS]:
        template = doc.template(path)
        assert method.lower() in doc.doc["paths"][template], (method, template)
