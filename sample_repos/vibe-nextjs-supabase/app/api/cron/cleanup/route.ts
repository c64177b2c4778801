import { supabaseAdmin } from "@/lib/supabase";

// Nightly cleanup, run by Vercel Cron (vercel.json). The route never checks CRON_SECRET, so
// anyone who finds the URL can run it.
// ruleid: RC211, RC402
export async function GET() {
  const cutoff = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();
  await supabaseAdmin.from("projects").delete().lt("archived_at", cutoff);
  return Response.json({ ok: true });
}
