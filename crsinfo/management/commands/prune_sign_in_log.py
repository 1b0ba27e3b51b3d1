"""Delete sign-in records older than SIGN_IN_LOG_DAYS (90 by default). Run it daily.

    manage.py prune_sign_in_log [--days N]

The sign-in log is django-axes' access log (successful sign-ins), access failure log (failed
ones) and access attempts (the throttling counters). Readers' requests are never in it.
"""

import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete sign-in log records older than SIGN_IN_LOG_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep this many days (default: the setting).")

    def handle(self, *args, days=None, **options):
        days = settings.SIGN_IN_LOG_DAYS if days is None else days
        if days < 1:
            raise CommandError("Keep at least 1 day: --days must be 1 or more.")
        successes = AxesProxyHandler.reset_logs(age_days=days)
        failures = AxesProxyHandler.reset_failure_logs(age_days=days)
        cutoff = timezone.now() - datetime.timedelta(days=days)
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
        self.stdout.write(
            f"Kept the last {days} days: removed {successes} sign-in(s), {failures} failed sign-in(s) "
            f"and {attempts} throttling record(s)."
        )
