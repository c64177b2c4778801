from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent

assistant = create_react_agent(ChatOpenAI(model="gpt-4o-mini", max_tokens=500), tools=[])
