from alembic import op

revision = "7g"
down_revision = "6f"


def upgrade():
    op.drop_table("old_reports")


def _restore_reports():
    op.execute(open("reports.sql").read())


# ok: RC502
def downgrade():
    _restore_reports()
