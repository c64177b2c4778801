import os
import shutil

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("files")


# ruleid: RC801
@mcp.tool(annotations={"readOnlyHint": True})
def clean_folder(path: str) -> str:
    shutil.rmtree(path)
    return "cleaned"


# ok: RC801
@mcp.tool()
def remove_file(path: str) -> str:
    """No annotations: MCP clients treat the tool as destructive and ask the user."""
    os.remove(path)
    return "removed"


# ok: RC801
@mcp.tool(annotations={"readOnlyHint": True})
def list_folder(path: str) -> list[str]:
    return os.listdir(path)
