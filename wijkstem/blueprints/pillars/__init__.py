"""The pillar pages: /manifest/<slug> with everything people do there."""

from wijkstem.blueprints.pillars.routes import bp

__all__ = ["bp"]
