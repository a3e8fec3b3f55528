"""Benchmarks (not tests): run them as modules, e.g. ``python -m bench.neo4j_ingest``."""
