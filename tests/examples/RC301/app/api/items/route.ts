import { db } from "@/db";
import { items } from "@/db/schema";

export async function GET() {
  // ruleid: RC301
  const all = await db.select().from(items);
  // ok: RC301
  const some = await db.select().from(items).limit(50);
  return Response.json({ all, some });
}
