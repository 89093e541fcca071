"""The exercise knowledge base: YAML data files, their schema and the loader."""
