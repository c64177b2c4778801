import { createClient } from "@supabase/supabase-js";

const supabase = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!);

// ruleid: RC202
export async function DELETE(req: Request) {
  const { id } = await req.json();
  await supabase.from("notes").delete().eq("id", id);
  return Response.json({ ok: true });
}
