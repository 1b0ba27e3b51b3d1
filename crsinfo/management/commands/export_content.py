from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from crsinfo.content.export import export_content


class Command(BaseCommand):
    help = "Write the content in the database to YAML files in the format load_content reads (default: content/)."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=settings.BASE_DIR / "content", help="Content folder.")

    def handle(self, *args, path: Path, **options):
        written = export_content(path)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} files to {path}."))
