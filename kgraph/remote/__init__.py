"""Remote stores: a SPARQL 1.1 endpoint as a store, its HTTP client, and pushing a build to it."""
