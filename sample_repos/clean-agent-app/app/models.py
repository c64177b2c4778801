from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text, false, func

from app.database import Base


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String, unique=True, nullable=False)
    password_hash = Column(String, nullable=False)
    role = Column(String, nullable=False, server_default="member")
    plan = Column(String, nullable=False, server_default="free")
    stripe_customer_id = Column(String, nullable=True)
    receipt_sent = Column(Boolean, nullable=False, server_default=false())


class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    owner_id = Column(Integer, ForeignKey("users.id"), nullable=False, index=True)
    title = Column(String(200), nullable=False)
    body = Column(Text, nullable=False, server_default="")
    created_at = Column(DateTime, server_default=func.now())


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id = Column(Integer, primary_key=True)
    actor_id = Column(Integer, nullable=False)
    action = Column(String(50), nullable=False)
    object_type = Column(String(50), nullable=False)
    object_id = Column(Integer, nullable=False)
    created_at = Column(DateTime, server_default=func.now())


class ProcessedEvent(Base):
    """Stripe event ids already handled: the primary key makes a redelivery a no-op."""

    __tablename__ = "processed_events"
    id = Column(String(255), primary_key=True)
    received_at = Column(DateTime, server_default=func.now())
