import logging

from sqlalchemy.orm import Session

from app.models import AuditEvent

audit_logger = logging.getLogger("audit")


def record(db: Session, *, actor_id: int, action: str, object_type: str, object_id: int) -> None:
    """Write an audit event row and an audit log line for a sensitive action."""
    db.add(AuditEvent(actor_id=actor_id, action=action, object_type=object_type, object_id=object_id))
    audit_logger.info("audit action=%s actor=%s %s=%s", action, actor_id, object_type, object_id)
