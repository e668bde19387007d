"""Instructions and executors with provenance (which plugin registered what)."""

from instrux.registry.registry import Registered, Registry

__all__ = ["Registered", "Registry"]
