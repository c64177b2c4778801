import { Webhook } from "svix";
import { db } from "@/lib/db";

// ok: RC207
export async function POST(req: Request) {
  const payload = await req.text();
  const wh = new Webhook(process.env.CLERK_WEBHOOK_SECRET!);
  const event = wh.verify(payload, Object.fromEntries(req.headers)) as { type: string; data: { id: string } };
  if (event.type === "user.deleted") {
    await db.user.delete({ where: { clerkId: event.data.id } });
  }
  return new Response("ok");
}
