import sqlalchemy as sa
from alembic import op

revision = "1a"
down_revision = None


def upgrade():
    op.add_column("invoices", sa.Column("status", sa.String(), server_default="draft"))


# ruleid: RC501
def downgrade():
    pass
