"""Fonts for the PDF renderer: finding, converting and subsetting faces, coverage."""
