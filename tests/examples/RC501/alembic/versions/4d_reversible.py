import sqlalchemy as sa
from alembic import op

revision = "4d"
down_revision = "3c"


def upgrade():
    op.add_column("invoices", sa.Column("currency", sa.String(3), server_default="EUR"))


# ok: RC501
def downgrade():
    op.drop_column("invoices", "currency")
