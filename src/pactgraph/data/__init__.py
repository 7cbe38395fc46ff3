"""Data files shipped with pactgraph: lexicons, gazetteer, knowledge base, taxonomy."""
