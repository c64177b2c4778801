import logging

import stripe
from fastapi import Depends, FastAPI

from app.db import get_db
from app.models import Invoice, User

app = FastAPI()
audit_log = logging.getLogger("audit")


@app.delete("/invoices/{invoice_id}")
def delete_invoice(invoice_id: int, db=Depends(get_db)):
    invoice = db.get(Invoice, invoice_id)
    # ruleid: RC602
    db.delete(invoice)
    db.commit()


@app.delete("/notes/{note_id}")
def delete_note(note_id: int, db=Depends(get_db)):
    note = db.get(Invoice, note_id)
    # ok: RC602
    db.delete(note)
    audit_log.info("note.delete note=%s", note_id)
    db.commit()


@app.post("/charges/{charge_id}/refund")
def refund(charge_id: str):
    # ruleid: RC602
    return stripe.Refund.create(charge=charge_id)


# ruleid: RC602
@app.put("/users/{user_id}/role")
def set_role(user_id: int, role: str, db=Depends(get_db)):
    db.get(User, user_id).role = role
    db.commit()


# ok: RC602
@app.get("/reports/export")
def export(db=Depends(get_db)):
    audit_log.info("report.export")
    return db.query(Invoice).limit(1000).all()
