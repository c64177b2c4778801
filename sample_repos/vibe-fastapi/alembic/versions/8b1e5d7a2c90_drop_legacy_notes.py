"""drop legacy notes

Revision ID: 8b1e5d7a2c90
Revises: 3f2a9c1b7d4e
"""
import sqlalchemy as sa
from alembic import op

revision = "8b1e5d7a2c90"
down_revision = "3f2a9c1b7d4e"


def upgrade():
    # ruleid: RC503
    op.drop_column("invoices", "legacy_notes")
    op.add_column("invoices", sa.Column("status", sa.String(), server_default="draft"))
    op.add_column("invoices", sa.Column("created_at", sa.DateTime(), server_default=sa.func.now()))


# ruleid: RC502
def downgrade():
    op.drop_column("invoices", "created_at")
    op.drop_column("invoices", "status")
