"""The build pipeline: load, validate, infer, write the graph and its manifest; progress reporting."""
