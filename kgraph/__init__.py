"""kgraph: the Finnish urban-policy knowledge graph toolkit.

Load the repository's Turtle into rdflib, validate it with SHACL, derive
the standard-vocabulary view (rules + OWL 2 RL), and query it with SPARQL.
"""
__version__ = "0.1.0"

from .pipeline.build import BuildError, BuildResult, build  # noqa: E402
from .config import CANONICAL_BASE, Layout, base_iri  # noqa: E402
from .errors import InputError, KgraphError, QueryError  # noqa: E402
from .io.load import load_dataset, load_graph, load_ontology, parse_file  # noqa: E402
from .query.store import GraphStore, open_store  # noqa: E402
from .validation.validate import Result, ValidationReport, validate  # noqa: E402

__all__ = [
    "__version__", "build", "BuildError", "BuildResult", "CANONICAL_BASE", "Layout", "base_iri",
    "InputError", "KgraphError", "QueryError", "load_dataset", "load_graph", "load_ontology",
    "parse_file", "GraphStore", "open_store", "Result", "ValidationReport", "validate",
]
