import logging

from fastapi import FastAPI

app = FastAPI()
log = logging.getLogger(__name__)


@app.get("/search")
def search(q: str, page: int = 1):
    # ruleid: RC608
    log.info(f"search for {q}")
    # ok: RC608
    log.info(f"search for {q!r}")
    # ok: RC608
    log.info("search for %s on page %s", q, page)
    term = q.strip()
    # ruleid: RC608
    log.warning("empty result for " + term)
    # ok: RC608
    log.info(f"page {len(term)}")
    return []
