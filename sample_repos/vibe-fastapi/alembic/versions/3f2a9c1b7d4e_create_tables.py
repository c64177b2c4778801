"""create tables

Revision ID: 3f2a9c1b7d4e
Revises:
Create Date: 2024-03-02 10:12:44.120031
"""
import sqlalchemy as sa
from alembic import op

# ok: RC101
revision = "3f2a9c1b7d4e"
down_revision = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(), nullable=False, unique=True),
        sa.Column("hashed_password", sa.String(), nullable=False),
        sa.Column("role", sa.String(), server_default="user"),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("client_name", sa.String(), nullable=False),
        sa.Column("amount", sa.Numeric(10, 2), nullable=False),
        sa.Column("legacy_notes", sa.Text()),
    )


# ruleid: RC501
def downgrade():
    pass
