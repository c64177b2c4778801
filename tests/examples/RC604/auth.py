import logging
import os

logger = logging.getLogger(__name__)


def login(request, email, password, token_type):
    # ruleid: RC604
    logger.info("login attempt %s %s", email, password)
    # ok: RC604
    logger.info("password reset requested for %s", email)
    # ruleid: RC604
    print(request.headers)
    # ruleid: RC604
    logging.debug("env: %s", os.environ)
    # ok: RC604
    logger.info("issued token of type %s", token_type)
    # ok: RC604
    logger.info("region %s", os.environ["AWS_REGION"])


def check(password):
    # ok: RC604
    logger.debug("password given: %s", password is not None)
    # ruleid: RC604
    logger.debug("password given: %s", password.strip())
