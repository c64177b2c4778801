import { supabaseAdmin } from "@/lib/supabase";

// ok: RC202
export async function POST(req: Request) {
  const body = await req.json();
  await supabaseAdmin.from("messages").insert(body);
  return Response.json({ ok: true });
}
