"""What the input means: models, editions, validation, metrics, numbering, the style template."""
