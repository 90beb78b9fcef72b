"""Demo and bulk data, contributed by each app through its ``sections.py`` (portal/sections.py).

``SectionApp.demo_loaders`` names loaders ``load(ctx)``; ``manage.py load_demo`` runs them all in
order inside one transaction. Loaders must be idempotent (get_or_create / update_or_create on natural
keys): running the demo twice changes nothing.

``SectionApp.bulk_seeders`` names seeders ``seed(agencies, options, stdout)`` with their command-line
options; ``manage.py seed_bulk`` adds every seeder's options and runs them in order.
"""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

from portal.sections import section_apps


@dataclass
class DemoContext:
    password: str
    stdout: object
    now: object
    agencies: dict = field(default_factory=dict)  # slug -> Agency
    logins: list = field(default_factory=list)  # (username, description)

    def log(self, message: str) -> None:
        self.stdout.write(message)


@dataclass
class BulkSeeder:
    order: int
    seed: object  # seed(agencies, options, stdout)
    arguments: list  # [(flags, kwargs)] for argparse


def demo_loaders():
    declared = [(order, path) for app in section_apps() for order, path in app.demo_loaders]
    return [import_string(path) for _, path in sorted(declared, key=lambda item: item[0])]


def bulk_seeders():
    declared = [BulkSeeder(order, import_string(path), list(arguments))
                for app in section_apps() for order, path, arguments in app.bulk_seeders]
    return sorted(declared, key=lambda s: s.order)
