import sqlalchemy as sa
from alembic import op

revision = "5e"
down_revision = None


def upgrade():
    op.drop_column("invoices", "legacy_notes")
    op.add_column("invoices", sa.Column("status", sa.String(), server_default="draft"))


# ruleid: RC502
def downgrade():
    op.drop_column("invoices", "status")
