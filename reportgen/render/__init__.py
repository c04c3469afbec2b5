"""The renderers: the only place for python-docx and reportlab."""
