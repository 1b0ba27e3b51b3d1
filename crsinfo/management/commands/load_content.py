from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from crsinfo.content.files import ContentError
from crsinfo.content.load import load_content


class Command(BaseCommand):
    help = (
        "Load the site's content from YAML files (default: content/). Validates every file first and "
        "writes nothing if any is invalid. Keyed on slugs: safe to run again. Content an editor has "
        "changed in admin since it was loaded is skipped unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=settings.BASE_DIR / "content", help="Content folder.")
        parser.add_argument("--force", action="store_true", help="Overwrite changes editors made in admin.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report; write nothing.")

    def handle(self, *args, path: Path, force: bool, dry_run: bool, **options):
        try:
            report = load_content(path, force=force, dry_run=dry_run)
        except ContentError as exc:
            raise CommandError(
                f"Nothing was loaded: {len(exc.problems)} problem(s) in {path}:\n  " + "\n  ".join(exc.problems)
            ) from None
        for label, items in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
            ("skipped (changed in admin; use --force to overwrite)", report.skipped),
        ):
            for item in items if options["verbosity"] > 1 or label.startswith("skipped") else []:
                self.stdout.write(f"  {label}: {item}")
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
            )
        )
        if report.release is not None:
            self.stdout.write(f"Published as release {report.release.pk}.")
        if report.not_published:
            self.stdout.write(self.style.WARNING(report.not_published))
