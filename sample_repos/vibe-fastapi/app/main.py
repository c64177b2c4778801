from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app import auth
from app.auth import get_current_user
from app.database import Base, engine
from app.models import User
from app.routers import ai, billing, invoices

app = FastAPI(title="InvoiceAI")
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"], allow_headers=["*"])

app.include_router(auth.router)
app.include_router(invoices.router, prefix="/api")
app.include_router(ai.router, prefix="/api")
app.include_router(billing.router, prefix="/api")


# ruleid: RC402
@app.get("/")
def root():
    return {"message": "InvoiceAI API is running 🚀"}


# "Wipe demo data" button of the admin page: any signed-in user can wipe every table
# ruleid: RC210, RC402, RC602
@app.delete("/api/admin/demo-data")
def wipe_demo_data(user: User = Depends(get_current_user)):
    Base.metadata.drop_all(bind=engine)
    Base.metadata.create_all(bind=engine)
    return {"wiped": True}
