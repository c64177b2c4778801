import OpenAI from "openai";
import { NextRequest, NextResponse } from "next/server";

// ruleid: RC303
// ruleid: RC710
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });

// ruleid: RC401
export async function POST(req: NextRequest) {
  const { messages, maxTokens } = await req.json();
  // ruleid: RC305
  const completion = await openai.chat.completions.create({
    model: "gpt-4o",
    messages,
    max_tokens: maxTokens,
  });
  return NextResponse.json(completion.choices[0].message);
}
