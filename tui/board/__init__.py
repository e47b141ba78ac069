"""The live Textual board."""
