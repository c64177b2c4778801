import { Webhook } from "svix";
import { prisma } from "@/lib/prisma";

// ok: RC212
export async function POST(req: Request) {
  const payload = await req.text();
  const evt = new Webhook(process.env.CLERK_WEBHOOK_SECRET!).verify(payload, Object.fromEntries(req.headers)) as {
    type: string;
    data: { id: string; email: string };
  };
  if (evt.type === "user.updated") {
    await prisma.user.update({ where: { clerkId: evt.data.id }, data: { email: evt.data.email } });
  }
  return new Response("ok");
}
