from django.core.management.base import BaseCommand

from portal.demo import bulk_seeders


class Command(BaseCommand):
    help = "Tạo nhanh khối lượng dữ liệu lớn (bulk insert) để đo hiệu năng."

    def add_arguments(self, parser):
        for seeder in bulk_seeders():
            for flags, kwargs in seeder.arguments:
                parser.add_argument(*flags, **kwargs)

    def handle(self, *args, **options):
        agencies = []
        for seeder in bulk_seeders():
            result = seeder.seed(agencies, options, self.stdout)
            if result is not None:
                agencies = result
        self.stdout.write(self.style.SUCCESS(f"Xong: {len(agencies)} cơ quan."))
