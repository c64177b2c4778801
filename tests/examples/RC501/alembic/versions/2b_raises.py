import sqlalchemy as sa
from alembic import op

revision = "2b"
down_revision = "1a"


def upgrade():
    op.add_column("invoices", sa.Column("due_at", sa.DateTime()))


# ruleid: RC501
def downgrade():
    """Not supported."""
    raise NotImplementedError("irreversible")
