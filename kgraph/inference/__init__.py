"""Inference: the SPARQL CONSTRUCT rules and the OWL 2 RL reasoner (fast engine and owlrl)."""
