import { createClient } from "@supabase/supabase-js";

const supabase = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL, process.env.SUPABASE_SERVICE_ROLE_KEY);

export async function GET(request) {
  const id = new URL(request.url).searchParams.get("id");
  // ruleid: RC201
  const { data } = await supabase.from("notes").select("*").eq("id", id).single();
  return Response.json(data);
}
