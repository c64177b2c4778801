import logging

from fastapi import FastAPI, HTTPException
from flask import Flask

app = FastAPI()
flask_app = Flask(__name__)
log = logging.getLogger(__name__)


@app.post("/exports")
def export():
    try:
        return run_export()
    except Exception as e:
        # ruleid: RC605
        raise HTTPException(status_code=500, detail=str(e))


@app.post("/imports")
def import_():
    try:
        return run_import()
    except Exception as e:
        log.exception("import failed")
        # ok: RC605
        raise HTTPException(status_code=500, detail="Import failed") from e


def run_export():
    return {}


def run_import():
    return {}


if __name__ == "__main__":
    # ruleid: RC605
    flask_app.run(debug=True)
