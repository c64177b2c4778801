from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
# ruleid: python-cors-credentials-any-origin
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"])

api = FastAPI()
# ok: python-cors-credentials-any-origin
api.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)
