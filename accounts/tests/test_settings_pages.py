"""The settings index, team pages and agent pages: who may use them and what they change."""

from __future__ import annotations

import pytest
from django.conf import LazySettings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from accounts.models import AgentProfile, Role, Team
from goodwill.test import PASSWORD, Cast, login, make_agent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "lantern-gravel-otter-91"


@pytest.fixture(autouse=True)
def fast_hashing(settings: LazySettings) -> None:
    # The cast signs up four agents per test; the real hasher would spend most of the run on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _agent_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": "newbie",
        "first_name": "Nora",
        "last_name": "Newbie",
        "email": "nora@desk.example",
        "password": NEW_PASSWORD,
        "role": Role.AGENT,
        "capacity": "5",
    }
    data.update(overrides)
    return data


def _edit_post(user: User, **overrides: object) -> dict[str, object]:
    profile = user.agent
    data: dict[str, object] = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "password": "",
        "role": profile.role,
        "teams": [t.pk for t in user.desk_teams.all()],
        "capacity": str(profile.capacity),
    }
    if profile.restricted_to_teams:
        data["restricted_to_teams"] = "on"
    data.update(overrides)
    return data


# --- Who may see the settings ----------------------------------------------------------------


class TestSettingsAccess:
    def test_a_supervisor_sees_a_link_to_every_section(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).get(reverse("desk_settings:index"))
        assert response.status_code == 200
        for name in ("teams", "agents", "tags", "fields", "statuses"):
            assert reverse(f"desk_settings:{name}") in response.content.decode()

    def test_an_admin_may_open_the_settings(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.admin).get(reverse("desk_settings:index"))
        assert response.status_code == 200

    @pytest.mark.parametrize(
        "name", ["index", "teams", "team_new", "agents", "agent_new", "tags", "fields", "statuses"]
    )
    def test_a_plain_agent_is_refused_every_page(
        self, cast: Cast, client: Client, name: str
    ) -> None:
        response = login(client, cast.agent).get(reverse(f"desk_settings:{name}"))
        assert response.status_code == 403

    def test_a_restricted_agent_is_refused_too(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.outsider).get(reverse("desk_settings:index"))
        assert response.status_code == 403

    @pytest.mark.parametrize("name", ["index", "teams", "agents", "tags", "fields", "statuses"])
    def test_an_anonymous_visitor_is_sent_to_log_in(
        self, cast: Cast, client: Client, name: str
    ) -> None:
        url = reverse(f"desk_settings:{name}")
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert "next=" in response["Location"]


# --- Teams ------------------------------------------------------------------------------------


class TestTeams:
    def test_the_list_shows_each_team_with_its_member_count(
        self, cast: Cast, client: Client
    ) -> None:
        cast.billing.auto_assign = True
        cast.billing.save()
        response = login(client, cast.lead).get(reverse("desk_settings:teams"))
        assert response.status_code == 200
        teams = {t.name: t for t in response.context["teams"]}
        assert teams["Support"].member_count == 2
        assert teams["Billing"].member_count == 1

    def test_a_supervisor_creates_a_team_with_members_and_round_robin(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:team_new"),
            {
                "name": "Returns",
                "description": "Parcels coming back",
                "auto_assign": "on",
                "members": [cast.agent.pk, cast.outsider.pk],
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("desk_settings:teams")
        team = Team.objects.get(name="Returns")
        assert team.description == "Parcels coming back"
        assert team.auto_assign is True
        assert set(team.members.all()) == {cast.agent, cast.outsider}

    def test_a_supervisor_edits_a_team_and_replaces_its_members(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:team_edit", args=[cast.support.pk]),
            {"name": "Front line", "description": "", "members": [cast.outsider.pk]},
        )
        assert response.status_code == 302
        cast.support.refresh_from_db()
        assert cast.support.name == "Front line"
        assert cast.support.auto_assign is False
        assert list(cast.support.members.all()) == [cast.outsider]

    def test_the_edit_form_starts_from_the_team_as_it_is(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).get(
            reverse("desk_settings:team_edit", args=[cast.support.pk])
        )
        assert response.status_code == 200
        assert set(response.context["form"].initial["members"]) == {cast.lead.pk, cast.agent.pk}

    def test_a_team_without_a_name_is_not_saved_and_the_error_names_the_field(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:team_new"), {"name": "", "description": "Nameless"}
        )
        assert response.status_code == 200
        assert "Name: This field is required." in response.content.decode()
        assert not Team.objects.filter(description="Nameless").exists()

    def test_a_second_team_with_the_same_name_is_refused(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:team_new"), {"name": "support"}
        )
        assert response.status_code == 200
        assert "Name: Another team already has this name." in response.content.decode()
        assert Team.objects.count() == 2

    def test_a_plain_agent_can_neither_create_nor_edit_teams(
        self, cast: Cast, client: Client
    ) -> None:
        login(client, cast.agent)
        assert client.post(reverse("desk_settings:team_new"), {"name": "Rogue"}).status_code == 403
        edit = reverse("desk_settings:team_edit", args=[cast.support.pk])
        assert client.get(edit).status_code == 403
        assert client.post(edit, {"name": "Hijacked"}).status_code == 403
        assert not Team.objects.filter(name__in=["Rogue", "Hijacked"]).exists()
        cast.support.refresh_from_db()
        assert cast.support.name == "Support"

    def test_only_desk_agents_can_be_team_members(self, cast: Cast) -> None:
        stranger = User.objects.create_user("stranger", password=PASSWORD)
        with pytest.raises(ValidationError) as caught:
            services.create_team(name="Mixed", members=[cast.agent, stranger])
        assert "members" in caught.value.message_dict
        assert not Team.objects.filter(name="Mixed").exists()


# --- Agents -----------------------------------------------------------------------------------


class TestAgentList:
    def test_the_list_shows_every_agent_with_role_teams_and_workload(
        self, cast: Cast, client: Client
    ) -> None:
        AgentProfile.objects.filter(user=cast.agent).update(capacity=7, is_away=True)
        response = login(client, cast.lead).get(reverse("desk_settings:agents"))
        assert response.status_code == 200
        users = [row["user"] for row in response.context["rows"]]
        assert set(users) == {cast.admin, cast.lead, cast.agent, cast.outsider}
        html = response.content.decode()
        assert "agent@desk.example" in html
        assert "Supervisor" in html
        assert "Away" in html

    def test_the_list_costs_the_same_queries_however_many_agents(
        self, cast: Cast, client: Client
    ) -> None:
        login(client, cast.lead)
        url = reverse("desk_settings:agents")
        client.get(url)  # warm up the session and any first-request lookups
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for n in range(10):
            make_agent(f"extra{n}", teams=(cast.support, cast.billing))
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(few)

    def test_a_supervisor_cannot_follow_an_edit_link_to_an_admin(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).get(reverse("desk_settings:agents"))
        manageable = {row["user"]: row["manageable"] for row in response.context["rows"]}
        assert manageable[cast.admin] is False
        assert manageable[cast.agent] is True


class TestCreateAgent:
    def test_a_supervisor_creates_an_agent_who_can_sign_in(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:agent_new"),
            _agent_post(teams=[cast.billing.pk], restricted_to_teams="on"),
        )
        assert response.status_code == 302
        user = User.objects.get(username="newbie")
        assert user.get_full_name() == "Nora Newbie"
        assert user.email == "nora@desk.example"
        assert user.check_password(NEW_PASSWORD)
        assert user.agent.role == Role.AGENT
        assert user.agent.restricted_to_teams is True
        assert user.agent.capacity == 5
        assert list(user.desk_teams.all()) == [cast.billing]

    def test_a_supervisor_may_create_another_supervisor(self, cast: Cast, client: Client) -> None:
        login(client, cast.lead).post(
            reverse("desk_settings:agent_new"), _agent_post(role=Role.SUPERVISOR)
        )
        assert User.objects.get(username="newbie").agent.role == Role.SUPERVISOR

    def test_a_supervisor_cannot_create_an_admin(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:agent_new"), _agent_post(role=Role.ADMIN)
        )
        assert response.status_code == 200
        assert "Role: You may not give this role." in response.content.decode()
        assert not User.objects.filter(username="newbie").exists()

    def test_the_service_refuses_an_admin_from_a_supervisor_as_well(self, cast: Cast) -> None:
        with pytest.raises(ValidationError) as caught:
            services.create_agent(
                actor=cast.lead,
                username="sneaky",
                password=NEW_PASSWORD,
                email="sneaky@desk.example",
                role=Role.ADMIN,
            )
        assert "role" in caught.value.message_dict
        assert not User.objects.filter(username="sneaky").exists()

    def test_an_admin_may_create_an_admin(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.admin).post(
            reverse("desk_settings:agent_new"), _agent_post(role=Role.ADMIN)
        )
        assert response.status_code == 302
        assert User.objects.get(username="newbie").agent.role == Role.ADMIN

    def test_a_taken_username_is_refused_whatever_its_case(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:agent_new"), _agent_post(username="AGENT")
        )
        assert response.status_code == 200
        assert "Username: This username is taken." in response.content.decode()
        assert User.objects.filter(username__iexact="agent").count() == 1

    def test_a_weak_password_and_a_bad_email_are_refused_by_field(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:agent_new"), _agent_post(password="abc", email="not-an-email")
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Email: Enter a valid email address." in html
        assert "Password: " in html
        assert not User.objects.filter(username="newbie").exists()

    def test_a_weak_password_is_refused_by_the_service(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:agent_new"), _agent_post(password="password")
        )
        assert response.status_code == 200
        assert "Password: This password is too common." in response.content.decode()
        assert not User.objects.filter(username="newbie").exists()

    def test_a_plain_agent_cannot_create_agents(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.agent).post(reverse("desk_settings:agent_new"), _agent_post())
        assert response.status_code == 403
        assert not User.objects.filter(username="newbie").exists()

    def test_an_anonymous_visitor_cannot_create_agents(self, cast: Cast, client: Client) -> None:
        response = client.post(reverse("desk_settings:agent_new"), _agent_post())
        assert response.status_code == 302
        assert not User.objects.filter(username="newbie").exists()


class TestEditAgent:
    def test_a_supervisor_edits_an_agent_and_resets_the_password(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:agent_edit", args=[cast.agent.pk]),
            _edit_post(
                cast.agent,
                first_name="Agatha",
                email="agatha@desk.example",
                role=Role.SUPERVISOR,
                teams=[cast.billing.pk],
                restricted_to_teams="on",
                capacity="12",
                password=NEW_PASSWORD,
            ),
        )
        assert response.status_code == 302
        cast.agent.refresh_from_db()
        profile = AgentProfile.objects.get(user=cast.agent)
        assert cast.agent.first_name == "Agatha"
        assert cast.agent.email == "agatha@desk.example"
        assert cast.agent.check_password(NEW_PASSWORD)
        assert profile.role == Role.SUPERVISOR
        assert profile.restricted_to_teams is True
        assert profile.capacity == 12
        assert list(cast.agent.desk_teams.all()) == [cast.billing]

    def test_a_blank_password_keeps_the_old_one(self, cast: Cast, client: Client) -> None:
        login(client, cast.lead).post(
            reverse("desk_settings:agent_edit", args=[cast.agent.pk]),
            _edit_post(cast.agent, last_name="Renamed"),
        )
        cast.agent.refresh_from_db()
        assert cast.agent.last_name == "Renamed"
        assert cast.agent.check_password(PASSWORD)

    def test_a_supervisor_cannot_promote_an_agent_to_admin(
        self, cast: Cast, client: Client
    ) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:agent_edit", args=[cast.agent.pk]),
            _edit_post(cast.agent, role=Role.ADMIN),
        )
        assert response.status_code == 200
        assert "Role: You may not give this role." in response.content.decode()
        assert AgentProfile.objects.get(user=cast.agent).role == Role.AGENT

    def test_a_supervisor_cannot_open_or_change_an_admin(self, cast: Cast, client: Client) -> None:
        login(client, cast.lead)
        url = reverse("desk_settings:agent_edit", args=[cast.admin.pk])
        assert client.get(url).status_code == 403
        response = client.post(url, _edit_post(cast.admin, role=Role.AGENT, first_name="Gone"))
        assert response.status_code == 403
        cast.admin.refresh_from_db()
        assert cast.admin.first_name == "Admin"
        assert AgentProfile.objects.get(user=cast.admin).role == Role.ADMIN

    def test_the_last_admin_cannot_demote_themselves(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.admin).post(
            reverse("desk_settings:agent_edit", args=[cast.admin.pk]),
            _edit_post(cast.admin, role=Role.SUPERVISOR),
        )
        assert response.status_code == 200
        assert "Role: This is the last admin." in response.content.decode()
        assert AgentProfile.objects.get(user=cast.admin).role == Role.ADMIN

    def test_an_admin_may_step_down_while_another_admin_remains(
        self, cast: Cast, client: Client
    ) -> None:
        make_agent("deputy", role=Role.ADMIN)
        response = login(client, cast.admin).post(
            reverse("desk_settings:agent_edit", args=[cast.admin.pk]),
            _edit_post(cast.admin, role=Role.SUPERVISOR),
        )
        assert response.status_code == 302
        assert AgentProfile.objects.get(user=cast.admin).role == Role.SUPERVISOR

    def test_an_inactive_admin_does_not_count_as_a_remaining_admin(self, cast: Cast) -> None:
        dormant = make_agent("dormant", role=Role.ADMIN)
        dormant.is_active = False
        dormant.save()
        with pytest.raises(ValidationError) as caught:
            services.update_agent(
                actor=cast.admin,
                user=cast.admin,
                email=cast.admin.email,
                first_name="Admin",
                last_name="Tester",
                role=Role.AGENT,
                teams=[],
                restricted_to_teams=False,
                capacity=0,
            )
        assert "role" in caught.value.message_dict

    def test_edit_errors_name_the_field_and_save_nothing(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:agent_edit", args=[cast.agent.pk]),
            _edit_post(cast.agent, first_name="Changed", capacity="-3"),
        )
        assert response.status_code == 200
        assert "Capacity: " in response.content.decode()
        cast.agent.refresh_from_db()
        assert cast.agent.first_name == "Agent"

    def test_a_plain_agent_cannot_edit_anyone(self, cast: Cast, client: Client) -> None:
        login(client, cast.agent)
        url = reverse("desk_settings:agent_edit", args=[cast.agent.pk])
        assert client.get(url).status_code == 403
        response = client.post(url, _edit_post(cast.agent, role=Role.ADMIN))
        assert response.status_code == 403
        assert AgentProfile.objects.get(user=cast.agent).role == Role.AGENT

    def test_a_user_without_an_agent_profile_is_not_found(self, cast: Cast, client: Client) -> None:
        stranger = User.objects.create_user("stranger", password=PASSWORD)
        response = login(client, cast.lead).get(
            reverse("desk_settings:agent_edit", args=[stranger.pk])
        )
        assert response.status_code == 404


class TestAway:
    def test_a_supervisor_marks_an_agent_away_and_back(self, cast: Cast, client: Client) -> None:
        login(client, cast.lead)
        url = reverse("desk_settings:agent_away", args=[cast.agent.pk])
        response = client.post(url, {"is_away": "true"})
        assert response.status_code == 302
        assert AgentProfile.objects.get(user=cast.agent).is_away is True
        client.post(url, {"is_away": "false"})
        assert AgentProfile.objects.get(user=cast.agent).is_away is False

    def test_with_htmx_only_the_agents_row_comes_back(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:agent_away", args=[cast.agent.pk]),
            {"is_away": "true"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.strip().startswith("<tr")
        assert "Mark back" in html
        assert AgentProfile.objects.get(user=cast.agent).is_away is True

    def test_marking_away_needs_a_post(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).get(
            reverse("desk_settings:agent_away", args=[cast.agent.pk])
        )
        assert response.status_code == 405

    def test_a_supervisor_cannot_mark_an_admin_away(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.lead).post(
            reverse("desk_settings:agent_away", args=[cast.admin.pk]), {"is_away": "true"}
        )
        assert response.status_code == 403
        assert AgentProfile.objects.get(user=cast.admin).is_away is False

    def test_a_plain_agent_cannot_mark_anyone_away(self, cast: Cast, client: Client) -> None:
        response = login(client, cast.agent).post(
            reverse("desk_settings:agent_away", args=[cast.lead.pk]), {"is_away": "true"}
        )
        assert response.status_code == 403
        assert AgentProfile.objects.get(user=cast.lead).is_away is False
