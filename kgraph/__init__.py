"""kgraph: the Finnish urban-policy knowledge graph toolkit.

Load the repository's Turtle into rdflib, validate it with SHACL, derive
the standard-vocabulary view (rules + OWL 2 RL), and query it with SPARQL.
"""

from .config import Layout
from .errors import BuildError, InputError, KgraphError, QueryError
from .io.load import load_dataset, load_graph, load_ontology, parse_file
from .namespaces import CANONICAL_BASE, base_iri
from .pipeline.build import BuildResult, build, open_store
from .query.store import GraphStore
from .validation.validate import Result, ValidationReport, validate
from .version import __version__

__all__ = [
    "__version__",
    "build",
    "BuildError",
    "BuildResult",
    "CANONICAL_BASE",
    "Layout",
    "base_iri",
    "InputError",
    "KgraphError",
    "QueryError",
    "load_dataset",
    "load_graph",
    "load_ontology",
    "parse_file",
    "GraphStore",
    "open_store",
    "Result",
    "ValidationReport",
    "validate",
]
