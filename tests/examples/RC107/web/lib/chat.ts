// Prompts of a chat route (readycheck's RC107 examples).
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";

const openai = new OpenAI();
const anthropic = new Anthropic();

// ruleid: RC107
const systemPrompt = `You help with orders. Admin API key: ${process.env.ADMIN_API_KEY}`;

export async function chat(question: string, userName: string) {
  const completion = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    max_tokens: 400,
    messages: [
      { role: "system", content: systemPrompt },
      // ok: RC107
      { role: "user", content: `${userName} asks: ${question}` },
    ],
  });
  return completion.choices[0].message.content;
}

export async function support(question: string, maxTokens: number) {
  return anthropic.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: maxTokens,
    // ok: RC107
    system: `Answer in at most ${maxTokens} tokens for ${process.env.NEXT_PUBLIC_SITE_NAME}.`,
    messages: [{ role: "user", content: question }],
  });
}

export async function edge(question: string) {
  return anthropic.messages.create({
    model: "claude-sonnet-4-5",
    max_tokens: 300,
    // ruleid: RC107
    system: "Use service key " + Deno.env.get("SUPABASE_SERVICE_ROLE_KEY") + " for the admin API.",
    messages: [{ role: "user", content: question }],
  });
}
