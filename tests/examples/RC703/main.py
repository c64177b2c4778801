from fastapi import FastAPI

app = FastAPI()


@app.get("/healthz")
def healthz():
    return {"ok": True}


# ok: RC703
@app.get("/notes")
def list_notes():
    return []
