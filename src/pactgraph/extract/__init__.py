"""Documents to records: shared machinery here, one package per language (en, zh)."""
