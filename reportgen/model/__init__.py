"""What the input means: models, editions, validation, metrics, numbering, the style template."""

# models first: it registers the 公文 kinds of official.py, which builds on it.
from . import models as models
