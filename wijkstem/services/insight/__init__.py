"""Insight: figures per pillar and municipality, charts, open data, municipalities and their search."""
