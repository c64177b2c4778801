import subprocess
from urllib.parse import urlparse

import requests
from langchain_core.tools import tool

ALLOWED_HOSTS = {"docs.example.com"}


@tool
def read_page(url: str) -> str:
    """Fetch a web page for the user."""
    # ruleid: RC803
    return requests.get(url, timeout=10).text


@tool
def read_docs_page(url: str) -> str:
    """Fetch a page of our documentation."""
    host = urlparse(url).hostname
    if host not in ALLOWED_HOSTS:
        return "not allowed"
    # ok: RC803
    return requests.get(url, timeout=10).text


@tool
def run(command: str) -> str:
    """Run a command (RC801's finding: a tool that runs commands)."""
    # ok: RC803
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


@tool
def weather(latitude: float, longitude: float) -> dict:
    """Current weather at a place."""
    # ok: RC803
    return requests.get(f"https://api.open-meteo.com/v1/forecast?latitude={latitude}&longitude={longitude}", timeout=5).json()
