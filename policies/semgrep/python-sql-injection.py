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
