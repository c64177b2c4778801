import sqlalchemy as sa
from alembic import op

revision = "8h"
down_revision = None


def upgrade():
    # ruleid: RC503
    op.drop_column("invoices", "legacy_notes")
    # ruleid: RC503
    op.alter_column("invoices", "client_name", type_=sa.String(50), existing_type=sa.String(200))
    # ok: RC503
    op.alter_column("invoices", "memo", type_=sa.Text(), existing_type=sa.String(200))
    # ruleid: RC503
    op.add_column("invoices", sa.Column("currency", sa.String(3), nullable=False))
    # ok: RC503
    op.add_column("invoices", sa.Column("region", sa.String(3), nullable=False, server_default="EU"))
    # ruleid: RC503
    op.alter_column("invoices", "client", new_column_name="customer")
    op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True))
    # ok: RC503
    op.drop_table("scratch")


def downgrade():
    op.add_column("invoices", sa.Column("legacy_notes", sa.Text()))
