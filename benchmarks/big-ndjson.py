#!/usr/bin/env python3
"""Writes NDJSON of valid OpenLineage run events of about 8.4 KB each (a padding run facet the graph keeps only a
reference to) over 100 runs, until the file reaches the given size: the input of README's 1 GB `tributary ingest`
memory figure.  Usage: benchmarks/big-ndjson.py OUT.ndjson [BYTES, default 1 GiB]"""
import json
import sys

out = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 30
pad = "x" * 7900
with open(out, "w", encoding="utf-8") as f:
    n = size = 0
    while size < limit:
        run = n % 100
        event = {
            "eventType": "RUNNING" if n % 2 else "START",
            "eventTime": f"2024-05-{1 + n // 86400 % 28:02d}T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}Z",
            "run": {"runId": f"018f3a2c-0000-7000-8000-{run:012d}",
                    "facets": {"padding": {"_producer": "https://example.com/tests",
                                           "_schemaURL": "https://example.com/tests/padding.json", "text": pad, "n": n}}},
            "job": {"namespace": "tests", "name": f"job-{run}"},
            "inputs": [{"namespace": "tests", "name": f"in-{run}"}],
            "outputs": [{"namespace": "tests", "name": f"out-{run}"}],
            "producer": "https://example.com/tests",
            "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        }
        line = json.dumps(event, separators=(",", ":")) + "\n"
        f.write(line)
        size += len(line)
        n += 1
print(f"{n} events, {size} bytes in {out}")
