from fastapi import FastAPI, UploadFile
from flask import Flask, request

app = FastAPI()
flask_app = Flask(__name__)


@app.post("/avatar")
async def avatar(file: UploadFile):
    # ruleid: RC304
    data = await file.read()
    return {"size": len(data)}


@app.post("/avatar/chunked")
async def avatar_chunked(file: UploadFile):
    # ok: RC304
    head = await file.read(1024 * 1024)
    return {"size": len(head)}


@flask_app.post("/import")
def import_csv():
    # ruleid: RC304
    upload = request.files["csv"]
    return {"name": upload.filename}
