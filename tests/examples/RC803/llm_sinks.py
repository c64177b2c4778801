import pickle
import subprocess

import streamlit as st
from anthropic import Anthropic
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_openai import ChatOpenAI
from markupsafe import Markup, escape
from openai import OpenAI
from sqlalchemy import text

client = OpenAI()
claude = Anthropic()
llm = ChatOpenAI(model="gpt-4o-mini")
chain = ChatPromptTemplate.from_template("Write SQL for: {q}") | llm | StrOutputParser()
ALLOWED = {"ls", "date"}


def run_generated_code(task: str) -> None:
    resp = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": task}], max_tokens=500)
    code = resp.choices[0].message.content
    # ruleid: RC803
    exec(code)


def shell_helper(question: str) -> str:
    msg = claude.messages.create(model="claude-sonnet-4-5", max_tokens=200, messages=[{"role": "user", "content": question}])
    command = msg.content[0].text
    # ruleid: RC803
    return subprocess.run(command, shell=True, capture_output=True).stdout.decode()


def allowed_command(question: str) -> None:
    command = llm.invoke(question).content
    if command in ALLOWED:
        # ok: RC803
        subprocess.run([command])


def report(session, question: str):
    query = chain.invoke({"q": question})
    # ruleid: RC803
    session.execute(text(query))
    # ok: RC803
    session.execute(text("select * from reports where title = :t"), {"t": query})


def ask(prompt: str) -> str:
    out = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}], max_tokens=100)
    return out.choices[0].message.content


def render(cursor, topic: str):
    answer = ask(topic)
    # ruleid: RC803
    cursor.execute(f"select * from docs where body like '%{answer}%'")
    # ok: RC803
    cursor.execute("select * from docs where body like %s", (answer,))
    # ruleid: RC803
    html = Markup(f"<p>{answer}</p>")
    # ok: RC803
    safe = Markup("<p>%s</p>") % escape(answer)
    return html, safe


def load_state(blob_prompt: str):
    blob = ask(blob_prompt)
    # ruleid: RC803
    return pickle.loads(blob.encode())


def plain_text(topic: str) -> None:
    # ok: RC803
    st.markdown(ask(topic))


reply = ask("greet the user")
# ruleid: RC803
st.markdown(reply, unsafe_allow_html=True)


def analyse(df, question: str) -> dict:
    from runner import extract_code, run_code

    return run_code(extract_code(ask(question)), df)
