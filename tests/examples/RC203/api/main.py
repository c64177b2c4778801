from fastapi import Depends, FastAPI
from pydantic import BaseModel
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import Session

from api.db import Base, get_db
from api.security import get_current_user

app = FastAPI()


class Invoice(Base):
    __tablename__ = "invoices"
    id = Column(Integer, primary_key=True)
    owner_id = Column(Integer, ForeignKey("users.id"))
    client = Column(String)


class InvoiceUnsafe(BaseModel):
    client: str
    owner_id: int | None = None


class InvoiceIn(BaseModel):
    client: str


@app.post("/invoices")
def create_invoice(body: InvoiceUnsafe, db: Session = Depends(get_db), user=Depends(get_current_user)):
    # ruleid: RC203
    invoice = Invoice(**body.dict())
    db.add(invoice)


@app.post("/v2/invoices")
def create_invoice_safe(body: InvoiceIn, db: Session = Depends(get_db), user=Depends(get_current_user)):
    # ok: RC203
    invoice = Invoice(**body.model_dump(), owner_id=user.id)
    db.add(invoice)


@app.post("/v3/invoices")
def create_invoice_raw(payload: dict, db: Session = Depends(get_db), user=Depends(get_current_user)):
    # ruleid: RC203
    invoice = Invoice(**payload)
    db.add(invoice)
