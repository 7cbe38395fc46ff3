"""Cross-document resolution: one canonical entity per organization, person and place.

Small modules, each loading its data when first used (never at import):
:mod:`~pactgraph.resolve.names` (normalisation), :mod:`~pactgraph.resolve.kb`
(the energy-sector knowledge base), :mod:`~pactgraph.resolve.orgs`,
:mod:`~pactgraph.resolve.people`, :mod:`~pactgraph.resolve.places`.
"""
