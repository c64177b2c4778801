import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";

const ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(5, "1 m") });

export async function POST(req: Request) {
  // ok: RC403
  const { success } = await ratelimit.limit("invite");
  if (!success) return new Response("Too many requests", { status: 429 });
  return Response.json({ sent: true });
}
