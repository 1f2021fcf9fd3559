"""PERKESO's fixed-width monthly contribution text files: layouts, parsing, rendering, validation."""
