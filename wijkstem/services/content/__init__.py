"""Content: the manifest's pillars and texts, editing them, plain explanations, and the demo data."""
