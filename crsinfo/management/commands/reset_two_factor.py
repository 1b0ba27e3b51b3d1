"""Lost-device recovery: turn off two-factor sign-in for one staff account.

    manage.py reset_two_factor USERNAME

Deletes the account's authenticator app and backup codes, and signs it out everywhere. At the
next sign-in (user name and password) the person is asked to set up two-factor sign-in again.
Check who is asking before you run it: this is how an attacker with a stolen password would ask.
"""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user


class Command(BaseCommand):
    help = "Turn off two-factor sign-in for one account (lost phone), so they set it up again."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No account is called “{username}”.")
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        # End the account's sessions: a session verified with the old device must not live on.
        ended = 0
        for session in Session.objects.all():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
                ended += 1
        self.stdout.write(
            f"Two-factor sign-in reset for {username}: {len(devices)} device(s) removed, {ended} session(s) ended. "
            "They will set it up again at their next sign-in."
        )
