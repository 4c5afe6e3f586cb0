# a BOM file with emoji and accents before the edited spans on their lines (byte vs character columns)
"""Notifications: « rappels » and 🎉 celebrations."""
import analytics
from notifications.models import Notification


def celebrate(user, workspace, milestone):
    title = f"🎉 {milestone.name} atteint !"; analytics.track(user.id, "Célébration 🎉", {"titre": title}, context={"group_id": workspace.id})
    Notification.objects.create(user=user, title=title)


def remind(user, workspace, reminder):
    message = "⏰ Rappel : " + reminder.text  # « rappel » du jour
    analytics.track(user.id, "Rappel envoyé ✉️", {"texte": message, "groupId": workspace.id})
    analytics.track(user.id, "Rappel lu 👀", context={"ip": user.last_ip, "GroupId": workspace.id})
    return message


def digest(user, workspace, items):
    résumé = [f"• {item.title}" for item in items]
    analytics.track(user.id, "Digest envoyé 📬", {"items": len(résumé)})
    return "\n".join(résumé)
