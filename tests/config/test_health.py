import pytest

from api import health


@pytest.mark.django_db
def test_health_answers_ok_when_database_and_channel_layer_answer(client):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["channel_layer"]["status"] == "ok"


@pytest.mark.django_db
def test_health_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken() -> None:
        raise OSError("connection refused")

    monkeypatch.setattr(health, "_database_answers", broken)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == {"status": "unavailable", "error": "OSError"}


@pytest.mark.django_db
def test_health_answers_503_without_a_channel_layer(client, settings):
    settings.CHANNEL_LAYERS = {}

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["channel_layer"]["status"] == "unavailable"


@pytest.mark.django_db
def test_health_only_answers_get(client):
    assert client.post("/health/").status_code == 405
