"""The detection engine: which calls are analytics calls, their context, their guards."""
