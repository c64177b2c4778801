"""plans, receipts and processed Stripe events

Revision ID: c7d2e4f1a9b3
Revises: a41c3e9d7b20
"""
import sqlalchemy as sa
from alembic import op

revision = "c7d2e4f1a9b3"
down_revision = "a41c3e9d7b20"


def upgrade():
    op.add_column("users", sa.Column("plan", sa.String(), nullable=False, server_default="free"))
    op.add_column("users", sa.Column("stripe_customer_id", sa.String(), nullable=True))
    op.add_column("users", sa.Column("receipt_sent", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "processed_events",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("received_at", sa.DateTime(), server_default=sa.func.now()),
    )


def downgrade():
    op.drop_table("processed_events")
    op.drop_column("users", "receipt_sent")
    op.drop_column("users", "stripe_customer_id")
    op.drop_column("users", "plan")
