"""The web layer shared by the blueprints: request guards, error pages, caching, forms shown again, templating."""
