"""Demo and bulk data are contributed by each app through two tiny registries.

An app's ``demo.py`` decorates its loaders with ``@demo_loader(order)``; ``manage.py load_demo``
runs them all in order inside one transaction. Loaders must be idempotent (get_or_create /
update_or_create on natural keys): running the demo twice changes nothing.

An app's ``bulk.py`` decorates its seeders with ``@bulk_seeder(order, arguments)``;
``manage.py seed_bulk`` adds every seeder's command-line options and runs them in order.
"""

import importlib
from dataclasses import dataclass, field

from django.apps import apps

_demo_loaders: list = []
_bulk_seeders: list = []


@dataclass
class DemoContext:
    password: str
    stdout: object
    now: object
    agencies: dict = field(default_factory=dict)  # slug -> Agency
    logins: list = field(default_factory=list)  # (username, description)

    def log(self, message: str) -> None:
        self.stdout.write(message)


def demo_loader(order: int):
    def decorator(func):
        if func not in [f for _, f in _demo_loaders]:
            _demo_loaders.append((order, func))
        return func

    return decorator


@dataclass
class BulkSeeder:
    order: int
    seed: object  # seed(agencies, options, stdout)
    arguments: list  # [(flags, kwargs)] for argparse


def bulk_seeder(order: int, arguments=()):
    def decorator(func):
        if func not in [s.seed for s in _bulk_seeders]:
            _bulk_seeders.append(BulkSeeder(order, func, list(arguments)))
        return func

    return decorator


def _discover(module_name: str) -> None:
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.{module_name}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{module_name}":
                raise


def demo_loaders():
    _discover("demo")
    return [func for _, func in sorted(_demo_loaders, key=lambda item: item[0])]


def bulk_seeders():
    _discover("bulk")
    return sorted(_bulk_seeders, key=lambda s: s.order)
