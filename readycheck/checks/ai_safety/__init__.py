"""ai-safety checks (RC8xx): what an LLM agent may do on its own, read from the agent inventory
(:mod:`readycheck.analysis.agents`)."""
