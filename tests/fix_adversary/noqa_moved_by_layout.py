# a fix that re-lays out a call past ruff's line length, on calls whose line holds a `# noqa` for the other code
"""Reports views: exports and sharing."""
import csv
import logging

import analytics
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404

from reports.models import Report

log = logging.getLogger(__name__)


@login_required
def export_report(request, report_id):
    report = get_object_or_404(Report, pk=report_id, workspace=request.workspace)
    fmt = request.GET.get("format", "csv")
    analytics.track(request.user.pk, "Exported Report", {"format": fmt})  # noqa: GID201
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{report.slug}.csv"'
    writer = csv.writer(response)
    for row in report.rows():
        writer.writerow(row)
    return response


@login_required
def preview_report(request, report_id):
    report = get_object_or_404(Report, pk=report_id, workspace=request.workspace)
    analytics.track(request.user.pk, "Previewed Report")  # noqa: GID201
    return JsonResponse({"rows": report.rows()[:20]})


@login_required
def share_report(request, report_id):
    report = get_object_or_404(Report, pk=report_id)
    analytics.track(request.user.pk, "Shared Report", {"id": report.pk})  # noqa: GID101
    log.info("report %s shared by %s", report.pk, request.user.pk)
    return JsonResponse({"ok": True})
