import OpenAI from "openai";

const openai = new OpenAI({ timeout: 20_000 });

export async function agent(messages: any[]) {
  // ruleid: RC306
  while (true) {
    const reply = await openai.chat.completions.create({ model: "gpt-4o", messages, max_tokens: 500 });
    if (!reply.choices[0].message.tool_calls) return reply;
  }
}

export async function boundedAgent(messages: any[]) {
  // ok: RC306
  for (let step = 0; step < 8; step++) {
    const reply = await openai.chat.completions.create({ model: "gpt-4o", messages, max_tokens: 500 });
    if (!reply.choices[0].message.tool_calls) return reply;
  }
}
