import OpenAI from "openai";
import { NextRequest, NextResponse } from "next/server";

const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

// todoruleid: rate-limits
export async function POST(req: NextRequest) {
  const { messages, maxTokens } = await req.json();
  // todoruleid: unbounded-endpoints
  const completion = await openai.chat.completions.create({
    model: "gpt-4o",
    messages,
    max_tokens: maxTokens,
  });
  return NextResponse.json(completion.choices[0].message);
}
