from __future__ import annotations

from goodwill.test import Cast, make_agent, make_ticket
from tickets import services


def test_round_robin_takes_turns_and_skips_agents_who_are_away(cast: Cast) -> None:
    team = cast.support
    team.auto_assign = True
    team.save()
    # Support has lead and agent; add a third who is away.
    away = make_agent("away", teams=(team,), is_away=True)
    assignees = [make_ticket(team=team).assignee for _ in range(4)]
    assert away not in assignees
    assert assignees[0] != assignees[1]
    assert assignees[0] == assignees[2]
    assert {assignees[0], assignees[1]} == {cast.lead, cast.agent}


def test_round_robin_skips_agents_at_capacity(cast: Cast) -> None:
    team = cast.support
    team.auto_assign = True
    team.save()
    profile = cast.lead.agent
    profile.capacity = 1
    profile.save()
    assignees = [make_ticket(team=team).assignee for _ in range(3)]
    assert assignees.count(cast.lead) == 1
    assert assignees.count(cast.agent) == 2


def test_no_one_available_leaves_the_ticket_unassigned(cast: Cast) -> None:
    team = cast.billing  # only the outsider
    team.auto_assign = True
    team.save()
    profile = cast.outsider.agent
    profile.is_away = True
    profile.save()
    assert make_ticket(team=team).assignee is None


def test_moving_a_ticket_to_an_auto_assign_team_assigns_it(cast: Cast) -> None:
    cast.billing.auto_assign = True
    cast.billing.save()
    services.set_team(ticket=cast.ticket, team=cast.billing, agent=cast.lead)
    cast.ticket.refresh_from_db()
    assert cast.ticket.assignee == cast.outsider
