import subprocess

from llama_index.llms.openai import OpenAI

llm = OpenAI(model="gpt-4o-mini", max_tokens=200)


def cleanup_suggestion(report: str) -> None:
    command = llm.complete(f"One shell command that frees disk space, given: {report}").text
    # ruleid: RC803
    subprocess.run(command, shell=True)
