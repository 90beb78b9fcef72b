"""Settings for the test suite: production settings plus a small test-only app that exercises the
tenancy and publishing bases (and registers a ninth section in the registry tests)."""

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.tenancy_app"]
