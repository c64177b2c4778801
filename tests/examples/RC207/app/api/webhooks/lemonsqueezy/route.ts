import { db } from "@/lib/db";

// ruleid: RC207
export async function POST(req: Request) {
  const event = await req.json();
  if (event.meta.event_name === "subscription_created") {
    await db.user.update({ where: { id: event.meta.custom_data.user_id }, data: { plan: "pro" } });
  }
  return new Response("ok");
}
