"""Helpers shared by this repository's pipelines (on sys.path through the plugin's sharedPythonPaths)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class EnvironmentSettings:
    """What differs between the dev and prod renders of a pipeline."""

    name: str
    image_tag: str
    cpu: str
    memory: str
    epochs: int


ENVIRONMENTS = {
    "dev": EnvironmentSettings(name="dev", image_tag="3.10-slim", cpu="500m", memory="1Gi", epochs=1),
    "prod": EnvironmentSettings(name="prod", image_tag="3.10-slim", cpu="2", memory="8Gi", epochs=20),
}


def environment_settings(name: str) -> EnvironmentSettings:
    try:
        return ENVIRONMENTS[name]
    except KeyError:
        raise SystemExit(f"unknown environment {name!r}; expected one of {', '.join(sorted(ENVIRONMENTS))}")


def never_cache(op):
    """Marks a step whose result must never be reused from KFP's cache."""
    op.execution_options.caching_strategy.max_cache_staleness = "P0D"
    return op
