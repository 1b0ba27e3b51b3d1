"""Content as files: the YAML under content/ read, checked, loaded into the draft and exported."""
