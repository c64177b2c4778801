import { createClient } from "npm:@supabase/supabase-js@2";

const admin = createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_SERVICE_ROLE_KEY")!);

// ruleid: RC202
Deno.serve(async (req) => {
  const { accountId } = await req.json();
  await admin.from("accounts").delete().eq("id", accountId);
  return new Response("ok");
});
