"""Reading RDF files: the rdflib loader, the fast pyoxigraph loader, source positions of triples."""
