import { openai as provider } from "@ai-sdk/openai";
import { generateText, streamText } from "ai";
import OpenAI from "openai";

const openai = new OpenAI({ timeout: 20_000 });

export async function POST(req: Request) {
  const { messages, maxTokens } = await req.json();
  // ruleid: RC305
  await openai.chat.completions.create({ model: "gpt-4o", messages, max_tokens: maxTokens });
  // ok: RC305
  await openai.chat.completions.create({ model: "gpt-4o", messages, max_tokens: Math.min(maxTokens, 500) });
  // ruleid: RC305
  await generateText({ model: provider("gpt-4o"), messages });
  // ok: RC305
  const result = streamText({ model: provider("gpt-4o"), messages, maxOutputTokens: 800 });
  return result.toTextStreamResponse();
}
