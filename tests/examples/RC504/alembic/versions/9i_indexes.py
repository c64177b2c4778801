import sqlalchemy as sa
from alembic import op

revision = "9i"
down_revision = None


def upgrade():
    # ruleid: RC504
    op.create_index("ix_invoices_owner_id", "invoices", ["owner_id"])
    # ok: RC504
    op.create_index("ix_invoices_status", "invoices", ["status"], postgresql_concurrently=True)
    op.create_table("payments", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("invoice_id", sa.Integer()))
    # ok: RC504
    op.create_index("ix_payments_invoice_id", "payments", ["invoice_id"])
    # ruleid: RC504
    op.alter_column("invoices", "amount", type_=sa.Numeric(12, 2))
    # ruleid: RC504
    op.create_foreign_key("fk_invoices_owner", "invoices", "users", ["owner_id"], ["id"])
    # ruleid: RC504
    op.execute("create index ix_invoices_created on invoices (created_at)")


def downgrade():
    op.drop_index("ix_invoices_created")
    op.drop_constraint("fk_invoices_owner", "invoices")
    op.drop_index("ix_payments_invoice_id", table_name="payments")
    op.drop_table("payments")
    op.drop_index("ix_invoices_status", table_name="invoices")
    op.drop_index("ix_invoices_owner_id", table_name="invoices")
