import re


def extract_code(reply: str) -> str:
    match = re.search(r"```python\n(.*?)```", reply, re.DOTALL)
    return match.group(1) if match else reply


def run_code(code: str, df) -> dict:
    scope = {"df": df}
    # ruleid: RC803
    exec(code, scope)
    return scope


def run_migration_script(path: str) -> None:
    with open("migrations/" + "001.py") as f:
        source = f.read()
    # ok: RC803
    exec(source)
