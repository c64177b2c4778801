import sqlalchemy as sa
from alembic import op

revision = "3c"
down_revision = "2b"


# ruleid: RC501
def upgrade():
    op.add_column("invoices", sa.Column("paid_at", sa.DateTime()))
