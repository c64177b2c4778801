import { db } from "@/lib/db";

// ok: RC211
export async function GET(req: Request) {
  if (req.headers.get("authorization") !== `Bearer ${process.env.CRON_SECRET}`) {
    return new Response("Unauthorized", { status: 401 });
  }
  await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return Response.json({ ok: true });
}
