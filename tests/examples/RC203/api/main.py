from fastapi import Depends, FastAPI
from pydantic import BaseModel
from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import Session

from api.db import Base, get_db
from api.repos import invoices
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


@app.put("/invoices/{invoice_id}")
def update_invoice(invoice_id: int, body: InvoiceUnsafe, db: Session = Depends(get_db), user=Depends(get_current_user)):
    # the id comes first, the whole body second
    # ruleid: RC203
    invoices.update(invoice_id, body.model_dump())


@app.put("/v2/invoices/{invoice_id}")
def update_invoice_checked(
    invoice_id: int, body: InvoiceUnsafe, db: Session = Depends(get_db), user=Depends(get_current_user)
):
    if body.owner_id is not None and body.owner_id != user.id:
        raise PermissionError("you cannot give an invoice away")
    # the privileged field is tested first
    # ok: RC203
    invoices.update(invoice_id, body.model_dump())


@app.get("/invoices/{invoice_id}/summary")
def invoice_summary(invoice_id: int, db: Session = Depends(get_db), user=Depends(get_current_user)):
    invoice = invoices.get_one(invoice_id)
    # validating a loaded object into a response model writes nothing
    # ok: RC203
    return InvoiceUnsafe.model_validate(invoice)
