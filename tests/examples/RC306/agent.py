from openai import OpenAI

client = OpenAI(timeout=30)
MAX_STEPS = 8


def run_agent(messages):
    # ruleid: RC306
    while True:
        reply = client.chat.completions.create(model="gpt-4o", messages=messages, max_tokens=500)
        if not reply.choices[0].message.tool_calls:
            return reply
        messages.append(reply.choices[0].message)


def run_bounded(messages):
    steps = 0
    # ok: RC306
    while True:
        steps += 1
        if steps > MAX_STEPS:
            raise RuntimeError("agent step limit")
        reply = client.chat.completions.create(model="gpt-4o", messages=messages, max_tokens=500)
        if not reply.choices[0].message.tool_calls:
            return reply


def poll_queue(queue):
    # ok: RC306
    while True:
        job = queue.get()
        job.run()
