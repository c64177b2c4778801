from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app import auth
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
