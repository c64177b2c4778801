import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { auth } from "@/auth";

const ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(10, "1 m") });

export async function POST(req: Request) {
  const session = await auth();
  if (!session?.user) return new Response("Unauthorized", { status: 401 });
  // ok: RC806
  const { success } = await ratelimit.limit(session.user.id);
  if (!success) return new Response("Too many requests", { status: 429 });
  const { prompt } = await req.json();
  const { text } = await generateText({ model: openai("gpt-4o-mini"), prompt, maxOutputTokens: 300 });
  return Response.json({ text });
}
