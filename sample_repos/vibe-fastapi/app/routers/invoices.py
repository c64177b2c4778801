import logging

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.auth import get_current_user
from app.database import get_db
from app.models import Invoice, User

router = APIRouter(prefix="/invoices", tags=["invoices"])
logger = logging.getLogger(__name__)


class InvoiceIn(BaseModel):
    client_name: str
    amount: float
    status: str = "draft"
    owner_id: int | None = None


@router.get("/")
def list_invoices(db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # todoruleid: unbounded-endpoints
    return db.query(Invoice).filter(Invoice.owner_id == user.id).all()


@router.get("/{invoice_id}")
def get_invoice(invoice_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ruleid: RC201
    invoice = db.query(Invoice).get(invoice_id)
    if not invoice:
        raise HTTPException(status_code=404, detail="Invoice not found")
    return invoice


@router.post("/")
def create_invoice(body: InvoiceIn, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ruleid: RC203
    invoice = Invoice(**body.dict())
    db.add(invoice)
    db.commit()
    return invoice


@router.delete("/{invoice_id}")
def delete_invoice(invoice_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ruleid: RC201
    invoice = db.query(Invoice).filter(Invoice.id == invoice_id).first()
    try:
        # todoruleid: logging
        db.delete(invoice)
        db.commit()
    except Exception:
        # todoruleid: logging
        pass
    return {"ok": True}
