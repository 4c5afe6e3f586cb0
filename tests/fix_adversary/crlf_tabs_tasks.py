# a tab-indented CRLF module (a Windows team's Celery tasks): guard wraps, a new import and a re-laid-out call
"""Nightly usage reports."""
import datetime

import analytics
from celery import shared_task

from usage.models import UsageRecord, Workspace


@shared_task
def report_usage(workspace_id):
	workspace = Workspace.objects.get(pk=workspace_id)
	since = datetime.date.today() - datetime.timedelta(days=1)
	records = UsageRecord.objects.filter(workspace=workspace, day__gte=since)
	for record in records:
		if record.events:
			analytics.track(record.user_id, "Used Product", {"events": record.events, "day": str(record.day)})
		else:  # idle seat
			analytics.track(record.user_id, "Idle Seat")
	workspace.last_report = since
	workspace.save(update_fields=["last_report"])


@shared_task
def sync_seats(workspace_id):
	workspace = Workspace.objects.get(pk=workspace_id)
	for seat in workspace.seats.all():
		analytics.identify(seat.user_id, {"seat": seat.kind})	# keep the CRM in sync
		analytics.group(seat.user_id, workspace.pk, {"seats": workspace.seats.count()})
