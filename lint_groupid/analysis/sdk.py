"""What the Segment-spec SDKs look like: their modules, client class and signatures.

Verified against the sources of analytics-python, segment-analytics-python,
june-analytics-python and rudder-sdk-python: module-level functions and
``Client`` methods share these signatures (``self`` aside).
"""

from __future__ import annotations

import functools

# Import paths of the SDK modules. Each is rewritten to ``SDK`` when an import
# or attribute path resolves to it, so that all SDKs look alike afterwards.
SDK_MODULES: frozenset[str] = frozenset(
    {
        "analytics",
        "segment.analytics",
        "june.analytics",
        "rudderstack.analytics",
        "rudder_analytics",
    }
)

SDK = "<sdk>"

# Where the client class lives, relative to an SDK module.
CLIENT_CLASSES: frozenset[str] = frozenset({f"{SDK}.Client", f"{SDK}.client.Client"})

SIGNATURES: dict[str, tuple[str, ...]] = {
    "track": (
        "user_id", "event", "properties", "context", "timestamp",
        "anonymous_id", "integrations", "message_id",
    ),
    "identify": (
        "user_id", "traits", "context", "timestamp", "anonymous_id",
        "integrations", "message_id",
    ),
    "group": (
        "user_id", "group_id", "traits", "context", "timestamp",
        "anonymous_id", "integrations", "message_id",
    ),
    "page": (
        "user_id", "category", "name", "properties", "context", "timestamp",
        "anonymous_id", "integrations", "message_id",
    ),
    "screen": (
        "user_id", "category", "name", "properties", "context", "timestamp",
        "anonymous_id", "integrations", "message_id",
    ),
    "alias": (
        "previous_id", "user_id", "context", "timestamp", "integrations", "message_id",
    ),
}

SDK_METHODS: frozenset[str] = frozenset(SIGNATURES)

# Where a method carries its payload: GID104 looks there for a misplaced groupId.
PAYLOAD_PARAMETER: dict[str, str] = {
    "track": "properties",
    "page": "properties",
    "screen": "properties",
    "identify": "traits",
    "group": "traits",
}

# The exact key the analytics tools read, and what a misspelling normalises to.
GROUP_KEY = "groupId"


def is_misspelled_group_key(key: str) -> bool:
    """``group_id``, ``GroupID``, ``group-id``… but not ``groupId`` itself."""
    return key != GROUP_KEY and key.lower().replace("_", "").replace("-", "") == "groupid"


@functools.lru_cache(maxsize=4096)
def canonical_qualname(qualname: str) -> str:
    """Rewrite a dotted path that starts with an SDK module to start with ``SDK``."""
    if qualname in SDK_MODULES:
        return SDK
    for module in SDK_MODULES:
        if qualname.startswith(module) and qualname[len(module)] == ".":
            return SDK + qualname[len(module):]
    return qualname
