import { runBilling } from "@/lib/billing";

// The x-vercel-cron header is not a secret: anyone can send it.
// ruleid: RC211
export async function GET(req: Request) {
  if (!req.headers.get("x-vercel-cron")) {
    return new Response("Forbidden", { status: 403 });
  }
  await runBilling();
  return Response.json({ ok: true });
}
