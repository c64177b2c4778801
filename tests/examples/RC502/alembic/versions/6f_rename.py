import sqlalchemy as sa
from alembic import op

revision = "6f"
down_revision = "5e"


def upgrade():
    op.drop_column("invoices", "fax")
    op.alter_column("invoices", "client", new_column_name="client_name")
    op.create_index("ix_invoices_client_name", "invoices", ["client_name"])


# ok: RC502
def downgrade():
    op.drop_index("ix_invoices_client_name", table_name="invoices")
    op.alter_column("invoices", "client_name", new_column_name="client")
    op.add_column("invoices", sa.Column("fax", sa.String()))
