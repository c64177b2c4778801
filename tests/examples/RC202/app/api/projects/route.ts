import { supabaseAdmin } from "@/lib/supabase";

// ruleid: RC202
export async function POST(req: Request) {
  const body = await req.json();
  const { data } = await supabaseAdmin.from("projects").insert(body).select().single();
  return Response.json(data);
}
