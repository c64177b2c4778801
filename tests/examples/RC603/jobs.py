import logging

log = logging.getLogger(__name__)


def sync(items, client):
    for item in items:
        try:
            client.push(item)
        # ruleid: RC603
        except Exception:
            continue
    try:
        client.flush()
    # ruleid: RC603
    except:
        pass
    try:
        client.close()
    # ok: RC603
    except ConnectionError:
        pass
    try:
        return client.status()
    # ok: RC603
    except Exception:
        log.exception("status failed")
        raise


def parse(raw):
    try:
        return int(raw)
    # ruleid: RC603
    except Exception:
        return None
