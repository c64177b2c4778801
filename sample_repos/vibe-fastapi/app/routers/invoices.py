import logging
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, UploadFile
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.auth import get_current_user
from app.database import get_db
from app.models import Invoice, User

router = APIRouter(prefix="/invoices", tags=["invoices"])
logger = logging.getLogger(__name__)
UPLOAD_DIR = Path("uploads")


class InvoiceIn(BaseModel):
    client_name: str
    amount: float
    status: str = "draft"
    owner_id: int | None = None


# ruleid: RC402
@router.get("/")
def list_invoices(db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ruleid: RC301
    return db.query(Invoice).filter(Invoice.owner_id == user.id).all()


# ruleid: RC402
@router.get("/{invoice_id}")
def get_invoice(invoice_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ruleid: RC201
    invoice = db.query(Invoice).get(invoice_id)
    if not invoice:
        raise HTTPException(status_code=404, detail="Invoice not found")
    return invoice


# ruleid: RC402
@router.post("/")
def create_invoice(body: InvoiceIn, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ruleid: RC203
    invoice = Invoice(**body.dict())
    db.add(invoice)
    db.commit()
    return invoice


# ruleid: RC402
@router.get("/search/")
def search_invoices(q: str, limit: int = 1000, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    query = db.query(Invoice).filter(Invoice.owner_id == user.id, Invoice.client_name.ilike(f"%{q}%"))
    # ruleid: RC302
    return query.limit(limit).all()


# ruleid: RC401
@router.post("/{invoice_id}/attachment")
async def upload_attachment(
    invoice_id: int, file: UploadFile, db: Session = Depends(get_db), user: User = Depends(get_current_user)
):
    invoice = db.query(Invoice).filter(Invoice.id == invoice_id, Invoice.owner_id == user.id).first()
    if invoice is None:
        raise HTTPException(status_code=404, detail="Invoice not found")
    # ruleid: RC304
    content = await file.read()
    (UPLOAD_DIR / f"invoice-{invoice.id}.pdf").write_bytes(content)
    return {"size": len(content)}


# ruleid: RC402
@router.delete("/{invoice_id}")
def delete_invoice(invoice_id: int, db: Session = Depends(get_db), user: User = Depends(get_current_user)):
    # ruleid: RC201
    invoice = db.query(Invoice).filter(Invoice.id == invoice_id).first()
    try:
        # ruleid: RC602
        db.delete(invoice)
        db.commit()
    # ruleid: RC603, bandit/B110
    except Exception:
        pass
    return {"ok": True}


def count_overdue(db: Session, client_name: str) -> int:
    """How many overdue invoices a client has (used by the reminder job)."""
    # ruleid: semgrep/python-sql-built-from-strings, bandit/B608
    row = db.execute(text(f"SELECT count(*) FROM invoices WHERE client_name = '{client_name}' AND status = 'overdue'")).first()
    return row[0] if row else 0
