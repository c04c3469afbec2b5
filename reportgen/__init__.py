"""reportgen: validated data to Chinese official documents (DOCX + PDF) laid out to GB/T 9704-2012."""

__version__ = "0.1.0"
