"""Statistics of the graph and its coverage of the facts pack."""
