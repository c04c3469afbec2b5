"""Pasted text or a .docx to input data: cleaning, structure, the Word reader, the YAML writer."""
