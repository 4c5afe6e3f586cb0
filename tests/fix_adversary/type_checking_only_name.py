# a group-id expression whose name this module imports only under `if TYPE_CHECKING:` (unbound when the code runs)
"""Billing notifications, scoped to the current workspace."""
from __future__ import annotations

from typing import TYPE_CHECKING

import analytics
from billing.mail import send_mail
from billing.models import Invoice

if TYPE_CHECKING:
    # app.tenancy imports this module: at run time its helpers are imported lazily
    from app.tenancy import Workspace, current_workspace


def invoice_sent(invoice: Invoice) -> None:
    send_mail(invoice.owner.email, "invoice", {"invoice": invoice})
    analytics.track(invoice.owner_id, "Sent Invoice", {"total": invoice.total})


def invoice_overdue(invoice: Invoice, workspace: Workspace) -> None:
    send_mail(invoice.owner.email, "overdue", {"invoice": invoice, "workspace": workspace})
    analytics.track(invoice.owner_id, "Invoice Overdue", {"days": invoice.days_overdue})


def invoice_voided(invoice: Invoice) -> None:
    from app.tenancy import current_workspace

    analytics.track(invoice.owner_id, "Voided Invoice", {"by": current_workspace().owner_id})
