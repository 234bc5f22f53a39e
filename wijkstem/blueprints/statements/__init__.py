"""The voting round "Stem over stellingen": /manifest/<slug>/stellingen."""

from wijkstem.blueprints.statements.routes import bp

__all__ = ["bp"]
