from fastapi.testclient import TestClient


def test_healthz(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("JWT_SECRET", "test-only")
    from app.main import app

    assert TestClient(app).get("/healthz").json() == {"status": "ok"}
