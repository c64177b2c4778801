import aiohttp
import httpx
import requests
import urllib3
from anthropic import Anthropic
from openai import OpenAI
from urllib.request import urlopen

# ruleid: RC303
llm = OpenAI()
# ok: RC303
claude = Anthropic(timeout=30)


def fetch_all(url: str, options: dict):
    # ruleid: RC303
    requests.get(url)
    # ok: RC303
    requests.post(url, json={}, timeout=10)
    # ok: RC303
    requests.get(url, **options)
    session = requests.Session()
    # ruleid: RC303
    session.get(url)
    # ruleid: RC303
    urlopen(url)
    # ok: RC303
    urlopen(url, timeout=5)
    # ruleid: RC303
    pool = urllib3.PoolManager()
    # ok: RC303
    httpx.get(url)
    # ruleid: RC303
    httpx.Client(timeout=None)
    # ruleid: RC303
    aiohttp.ClientSession()
    # ok: RC303
    aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
    return pool
