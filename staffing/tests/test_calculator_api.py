"""GET /api/v1/staffing/calculator: both models' numbers, errors in the shared shape."""

from __future__ import annotations

from typing import Any

from django.test import Client

from accounts.services import create_api_token
from goodwill.test import Cast

EXAMPLE = {
    "contacts": 100,
    "interval_minutes": 30,
    "average_handle_time_s": 180,
    "target_answer_time_s": 20,
    "service_level_pct": 80,
    "shrinkage_pct": 30,
}


def get(client: Client, user: Any, params: dict[str, Any]) -> Any:
    token = create_api_token(user=user, name="test")[1]
    return client.get(
        "/api/v1/staffing/calculator", params, headers={"Authorization": f"Bearer {token}"}
    )


def test_it_returns_both_models_for_the_published_example(cast: Cast, client: Client) -> None:
    response = get(client, cast.agent, EXAMPLE)
    assert response.status_code == 200
    body = response.json()
    assert body["erlang_c"]["agents"] == 14
    assert body["erlang_c"]["agents_with_shrinkage"] == 20
    assert body["erlang_c"]["traffic_erlangs"] == 10.0
    assert body["erlang_c"]["abandonment_probability"] == 0.0
    assert body["erlang_a"]["model"] == "erlang_a"
    assert 0 < body["erlang_a"]["abandonment_probability"] < 0.2


def test_validation_errors_name_the_field_in_the_shared_shape(cast: Cast, client: Client) -> None:
    response = get(
        client, cast.agent, {**EXAMPLE, "average_handle_time_s": 0, "interval_minutes": 7}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"average_handle_time_s", "interval_minutes"}


def test_a_missing_value_is_named(cast: Cast, client: Client) -> None:
    params = {k: v for k, v in EXAMPLE.items() if k != "contacts"}
    response = get(client, cast.agent, params)
    assert response.status_code == 422
    assert "contacts" in response.json()["error"]["fields"]


def test_it_needs_a_token(db: None, client: Client) -> None:
    response = client.get("/api/v1/staffing/calculator", EXAMPLE)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_too_much_traffic_is_a_named_validation_error(cast: Cast, client: Client) -> None:
    huge = {**EXAMPLE, "contacts": 1_000_000, "average_handle_time_s": 86_400}
    response = get(client, cast.agent, huge)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["contacts"]


def test_an_unstable_tradeoff_has_no_infinite_numbers_in_json(cast: Cast, client: Client) -> None:
    body = get(client, cast.agent, {**EXAMPLE, "max_occupancy_pct": 70}).json()
    assert body["erlang_c"]["occupancy"] <= 0.7
    assert body["erlang_c"]["average_speed_of_answer_s"] is not None


def test_the_plan_endpoint_returns_one_row_per_interval(cast: Cast, client: Client) -> None:
    token = create_api_token(user=cast.agent, name="test")[1]
    response = client.get(
        "/api/v1/staffing/plan",
        {"channel": "phone", "interval_minutes": "30", "week_start": "2026-11-25"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["week_start"] == "2026-11-23"
    assert body["model"] == "erlang_c"
    assert len(body["intervals"]) == 336


def test_the_plan_endpoint_names_bad_fields(cast: Cast, client: Client) -> None:
    token = create_api_token(user=cast.agent, name="test")[1]
    response = client.get(
        "/api/v1/staffing/plan",
        {"channel": "fax", "interval_minutes": "20"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"channel", "interval_minutes"}
