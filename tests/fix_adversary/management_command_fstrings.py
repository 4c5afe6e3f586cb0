# a management command reporting what it sent through nested f-strings, for a project that still supports Python 3.9
# fix: --group-id 'options["workspace"]' --ignore GID201
"""Replay the events of accounts imported from the old CRM."""
from django.core.management.base import BaseCommand

import analytics
from accounts.models import ImportedAccount


class Command(BaseCommand):
    help = "Replays the events of accounts imported from the old CRM."

    def add_arguments(self, parser):
        parser.add_argument("--workspace", type=int, required=True)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        accounts = ImportedAccount.objects.filter(workspace_id=options["workspace"])
        for account in accounts:
            kind = account.kind.title()
            if options["dry_run"]:
                self.stdout.write(f"would send {kind!r} for {account.user_id}")
                continue
            self.stdout.write(f"sent: {analytics.track(account.user_id, f'{kind} Imported')}")
            self.stdout.write(f'sent: {analytics.track(account.user_id, f"{kind} Migrated")}')
        total = len(accounts)
        analytics.track("system", f"Backfilled {total} {'accounts' if total > 1 else 'account'}")
        self.stdout.write(self.style.SUCCESS(f"{total} accounts replayed"))
