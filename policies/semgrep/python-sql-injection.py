from sqlalchemy import text


def search(db, cursor, name: str, order: str):
    # ruleid: python-sql-built-from-strings
    cursor.execute(f"SELECT * FROM invoices WHERE customer = '{name}'")
    # ruleid: python-sql-built-from-strings
    cursor.execute("SELECT * FROM invoices ORDER BY %s" % order)
    # ruleid: python-sql-built-from-strings
    db.execute(text(f"SELECT * FROM invoices WHERE customer = '{name}'"))
    # ok: python-sql-built-from-strings
    cursor.execute("SELECT * FROM invoices WHERE customer = %s", (name,))
    # ok: python-sql-built-from-strings
    db.execute(text("SELECT * FROM invoices WHERE customer = :name"), {"name": name})


def search_by_argument(request_args):
    term = request_args["q"]
    # ruleid: python-sql-built-from-strings
    return text("SELECT * FROM invoices WHERE note LIKE '%" + term + "%'")


class Recipe:
    __tablename__ = "recipes"
    _threshold = 0.5

    @classmethod
    def fuzzy(cls, session):
        # ok: python-sql-built-from-strings
        session.execute(text(f"set pg_trgm.word_similarity_threshold = {cls._threshold};"))


def dedupe(session, model):
    # ok: python-sql-built-from-strings
    session.execute(text(f"SELECT id, name FROM {model.__tablename__}"))


def upgrade(op, session, recipe):
    # ok: python-sql-built-from-strings
    session.execute(text(f"UPDATE {Recipe.__tablename__} SET name_normalized=:n WHERE id=:id"))


config = context.config  # Alembic's env.py: the configuration, not a caller's value
SCHEMA_NAME = "app"


def run_migrations_online():
    schema = config.get_main_option("schema")
    with engine.connect() as connection:
        # ok: python-sql-built-from-strings
        connection.execute(text(f'SET search_path TO "{SCHEMA_NAME}"'))
        # ok: python-sql-built-from-strings
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
