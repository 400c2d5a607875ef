"""Validation: the SHACL engine (fast path and pySHACL), the SPARQL quality checks, reports, the pre-commit hook."""
