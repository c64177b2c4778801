import { createClient } from "npm:@supabase/supabase-js@2";

// ok: RC102
const admin = createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_SERVICE_ROLE_KEY")!);

Deno.serve(async () => new Response(JSON.stringify(await admin.from("jobs").select("id"))));
