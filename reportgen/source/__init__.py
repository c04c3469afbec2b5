"""Bytes to data with source positions: YAML/JSON loading and the source map."""
