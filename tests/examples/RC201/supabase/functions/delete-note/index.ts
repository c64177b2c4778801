import { createClient } from "npm:@supabase/supabase-js@2";

const admin = createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_SERVICE_ROLE_KEY")!);

Deno.serve(async (req) => {
  const { noteId } = await req.json();
  const userClient = createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_ANON_KEY")!, {
    global: { headers: { Authorization: req.headers.get("Authorization")! } },
  });
  const { data: { user } } = await userClient.auth.getUser();
  if (!user) return new Response("Unauthorized", { status: 401 });
  // ok: RC201
  await userClient.from("notes").select("*").eq("id", noteId).single();
  // ok: RC201
  await admin.from("notes").delete().eq("id", noteId).eq("user_id", user.id);
  // ruleid: RC201
  await admin.from("notes").delete().eq("id", noteId);
  return new Response(null, { status: 204 });
});
