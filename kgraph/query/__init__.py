"""Querying: the embedded store, SPARQL result formats and the executors that run a client's query under limits."""
