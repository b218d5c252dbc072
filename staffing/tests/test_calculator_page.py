"""The calculator page: published example, what-if partial, field-named errors, access."""

from __future__ import annotations

from django.test import Client

from goodwill.test import Cast, login

EXAMPLE = {
    "contacts": "100",
    "interval_minutes": "30",
    "average_handle_time_s": "180",
    "target_answer_time_s": "20",
    "service_level_pct": "80",
    "shrinkage_pct": "30",
    "mean_patience_s": "180",
}


def test_it_needs_14_agents_and_20_scheduled_for_the_published_example(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)
    response = client.get("/staffing/", EXAMPLE)
    assert response.status_code == 200
    result = response.context["result"]
    assert result.erlang_c.agents == 14
    assert result.erlang_c.agents_with_shrinkage == 20
    assert result.erlang_c.traffic_erlangs == 10.0
    assert result.erlang_a.agents <= 14
    assert b'data-testid="agents-c"><strong>14</strong>' in response.content


def test_it_shows_defaults_without_any_query(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    response = client.get("/staffing/")
    assert response.context["result"].erlang_c.agents == 14


def test_it_labels_target_answer_time_and_average_speed_of_answer_apart(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)
    html = client.get("/staffing/", EXAMPLE).content.decode()
    assert "Target answer time (seconds)" in html
    assert "Average speed of answer (mean wait)" in html


def test_it_shows_service_level_for_agents_around_the_answer(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    rows = client.get("/staffing/", EXAMPLE).context["result"].tradeoff
    assert [row.agents for row in rows] == [12, 13, 14, 15, 16, 17]
    assert [row.is_answer for row in rows].index(True) == 2
    levels = [row.service_level_c for row in rows]
    assert levels == sorted(levels)
    assert levels[1] < 0.8 <= levels[2]


def test_htmx_gets_only_the_results_partial(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    response = client.get("/staffing/", EXAMPLE, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Agents answering" in html


def test_the_form_works_without_javascript(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    html = client.get("/staffing/").content.decode()
    assert 'method="get"' in html
    assert 'type="submit"' in html
    assert 'hx-trigger="input changed delay:300ms' in html


def test_errors_name_the_field(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    response = client.get("/staffing/", {**EXAMPLE, "average_handle_time_s": "0"})
    assert response.context["result"] is None
    assert "average_handle_time_s" in response.context["form"].errors
    assert "Average handle time (seconds): Ensure this value" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(db: None, client: Client) -> None:
    response = client.get("/staffing/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_restricted_agents_may_use_the_calculator(cast: Cast, client: Client) -> None:
    login(client, cast.outsider)
    assert client.get("/staffing/").status_code == 200


def test_traffic_beyond_the_limit_is_refused_on_the_contacts_field(
    cast: Cast, client: Client
) -> None:
    login(client, cast.agent)
    huge = {**EXAMPLE, "contacts": "1000000", "average_handle_time_s": "86400"}
    response = client.get("/staffing/", huge)
    assert "contacts" in response.context["form"].errors
    assert "Contacts per interval: That is" in response.content.decode()


def test_no_contacts_need_no_agents(cast: Cast, client: Client) -> None:
    login(client, cast.agent)
    result = client.get("/staffing/", {**EXAMPLE, "contacts": "0"}).context["result"]
    assert (result.erlang_c.agents, result.erlang_a.agents) == (0, 0)
    assert [row.agents for row in result.tradeoff] == [0, 1, 2, 3]
