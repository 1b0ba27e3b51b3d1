"""Search over the published pages, in English and in Spanish."""
