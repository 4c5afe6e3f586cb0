# calls held by lambdas (on_commit, map) and comprehensions: GID101 is fixed inside them, GID201 cannot wrap them
"""Team management service."""
from django.db import transaction

import analytics
from teams.models import Invite, Team


def bulk_invite(team: Team, inviter, emails):
    invites = [Invite.objects.create(team=team, email=e, inviter=inviter) for e in emails]
    transaction.on_commit(lambda: analytics.track(inviter.pk, "Invited Members",
                                                  {"count": len(invites)}))
    return invites


def remove_members(team: Team, remover, members):
    with transaction.atomic():
        for member in members:
            team.memberships.filter(user=member).delete()
    [analytics.track(m.pk, "Removed From Team", {"by": remover.pk}) for m in members]


def rename_team(team: Team, user, name):
    old, team.name = team.name, name
    team.save(update_fields=["name"])
    if not user.is_staff:
        transaction.on_commit(lambda: analytics.track(user.pk, "Renamed Team",
                                                      {"from": old, "to": name}))


def archive_teams(user, teams):
    archived = list(map(lambda t: t.archive() or analytics.track(user.pk, "Archived Team",
                                                                  {"team": t.pk}), teams))
    return {t.pk: analytics.track(user.pk, "Team Report", {"team": t.pk}) for t in archived}
