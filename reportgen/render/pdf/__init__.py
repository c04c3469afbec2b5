"""The PDF renderer: layout, line breaking, glyph placement and fonts."""
