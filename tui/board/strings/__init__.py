"""The board's strings, one module per area; ``i18n.STRINGS`` merges them."""
