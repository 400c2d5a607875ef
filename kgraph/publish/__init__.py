"""Publication: the data package with its DCAT catalogue and VoID description, written atomically."""
