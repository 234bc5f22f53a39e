"""The extension objects, created unbound so models and services can import them freely."""

import logging
from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_caching import Cache
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class _SQLAlchemy(SQLAlchemy):
    def _teardown_session(self, exc: BaseException | None) -> None:
        """Ends the request's session; a connection the database server just closed is dropped, not rolled back.

        Rolling back on such a connection raises (OperationalError) after the answer was made; the
        answer stands (a page, or the Dutch 503) and the pool makes a new connection next time.
        """
        try:
            self.session.remove()
        except DBAPIError as error:
            logging.getLogger("wijkstem.errors").warning("Verbinding met de database verloren bij afsluiten: %s", error)
            try:
                self.session().invalidate()  # closes the connections without a rollback
            except DBAPIError:
                pass
            self.session.registry.clear()


db = _SQLAlchemy(model_class=Base)
if TYPE_CHECKING:
    Model = Base  # db.Model is built from Base at run time, so mypy cannot use it as a base class
else:
    Model = db.Model
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
# While its Redis is away the limits are counted in each worker's memory (wijkstem/web/redis_outage.py);
# a Redis error in the moment it goes away lets that one request through rather than fail it.
limiter = Limiter(
    key_func=get_remote_address, default_limits=[], in_memory_fallback_enabled=True, swallow_errors=True
)
cache = Cache()  # pages for visitors (wijkstem/web/page_cache.py); Redis when CACHE_REDIS_URL is set
compress = Compress()


def managed_by_models(name, type_, parent_names) -> bool:
    """Alembic hook: leave out schema objects that migrations make by hand (search indexes)."""
    prefixes = Base.metadata.info.get("unmanaged_prefixes", ())
    return not (name and any(name.startswith(prefix) for prefix in prefixes))
