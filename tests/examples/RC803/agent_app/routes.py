from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from agent_app.agent import assistant

app = FastAPI()


@app.post("/ask")
def ask(question: str):
    state = assistant.invoke({"messages": [("user", question)]})
    # ruleid: RC803
    return HTMLResponse(f"<div>{state['messages'][-1].content}</div>")


@app.post("/ask.json")
def ask_json(question: str):
    state = assistant.invoke({"messages": [("user", question)]})
    # ok: RC803
    return {"answer": state["messages"][-1].content}
