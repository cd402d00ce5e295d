"""openapi.yaml is a valid OpenAPI 3.1 document and is what the server serves."""
import os

import yaml
from openapi_spec_validator import validate

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "StewardServer", "Resources", "openapi.yaml")


def test_document_is_valid_openapi_3_1():
    with open(DOC) as f:
        spec = yaml.safe_load(f)
    validate(spec)
    assert spec["openapi"].startswith("3.1")


def test_server_serves_the_document(server):
    status, headers, body = server.request("GET", "/openapi.yaml", auth=False)
    with open(DOC, "rb") as f:
        assert status == 200 and body == f.read()


def test_every_served_route_is_documented(server):
    with open(DOC) as f:
        paths = set(yaml.safe_load(f)["paths"])
    for path in ["/healthz", "/readyz", "/metrics", "/openapi.yaml", "/v1/ledger", "/v1/ledger/verify", "/v1/ledger/export", "/v1/annotations"]:
        assert path in paths
