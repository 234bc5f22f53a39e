import pytest

from config import ConfigurationError, ProductionConfig


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/wijkstem")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        ProductionConfig.load()


def test_production_refuses_to_start_without_database_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        ProductionConfig.load()


def test_production_uses_psycopg3_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgres://db/wijkstem")
    settings = ProductionConfig.load()
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/wijkstem"
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_development_secret_key_is_kept_private(tmp_path, monkeypatch):
    import config

    monkeypatch.setenv("WIJKSTEM_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.DevelopmentConfig.load()["SECRET_KEY"]
    assert first == config.DevelopmentConfig.load()["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_the_environment_is_read_when_the_app_starts_not_at_import(monkeypatch):
    from config import DevelopmentConfig, TestConfig

    monkeypatch.setenv("REPORT_HIDE_THRESHOLD", "5")
    monkeypatch.setenv("MAIL_USE_TLS", "no")
    monkeypatch.setenv("WIJKSTEM_BASE_URL", "https://wijkstem.example/")
    monkeypatch.setenv("COMMENT_HOLD_FIRST", "4")
    settings = DevelopmentConfig.load()
    assert settings["REPORT_HIDE_THRESHOLD"] == 5 and settings["MAIL_USE_TLS"] is False
    assert settings["WIJKSTEM_BASE_URL"] == "https://wijkstem.example" and settings["COMMENT_HOLD_FIRST"] == 4
    assert TestConfig.load()["COMMENT_HOLD_FIRST"] == 0  # what the test configuration sets itself stays


def test_milestone_thresholds_come_from_the_environment_as_numbers(monkeypatch):
    from config import DevelopmentConfig

    assert DevelopmentConfig.load()["MILESTONE_THRESHOLDS"] == (25, 100, 500)
    monkeypatch.setenv("MILESTONE_THRESHOLDS", "200, 50,")
    assert DevelopmentConfig.load()["MILESTONE_THRESHOLDS"] == (50, 200)


def test_passwords_are_hashed_at_the_production_cost_outside_tests(monkeypatch, tmp_path):
    """Only the test configuration may make the password hash cheap; every other one uses scrypt N=2^15."""
    from config import DevelopmentConfig, TestConfig
    from wijkstem import create_app
    from wijkstem.services.accounts.passwords import PRODUCTION_METHOD, hash_password, password_matches

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    assert PRODUCTION_METHOD == "scrypt:32768:8:1"
    assert ProductionConfig.load()["PASSWORD_HASH_METHOD"] == PRODUCTION_METHOD
    assert DevelopmentConfig.load()["PASSWORD_HASH_METHOD"] == PRODUCTION_METHOD
    assert TestConfig.load()["PASSWORD_HASH_METHOD"] != PRODUCTION_METHOD
    with create_app(ProductionConfig).app_context():
        stored = hash_password("een-lange-zin-als-wachtwoord")
    assert stored.startswith("scrypt:32768:8:1$")
    assert password_matches(stored, "een-lange-zin-als-wachtwoord")
