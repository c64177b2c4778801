from agno.agent import Agent
from agno.models.openai import OpenAIChat
from agno.tools.duckduckgo import DuckDuckGoTools

# ruleid: RC306
researcher = Agent(model=OpenAIChat(id="gpt-4o-mini"), tools=[DuckDuckGoTools()])
# ok: RC306
bounded = Agent(model=OpenAIChat(id="gpt-4o-mini"), tools=[DuckDuckGoTools()], tool_call_limit=5)
