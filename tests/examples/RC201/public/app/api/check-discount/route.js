import { createClient } from "@supabase/supabase-js";

const supabase = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL, process.env.SUPABASE_SERVICE_ROLE_KEY);

export async function GET(request) {
  const code = new URL(request.url).searchParams.get("code");
  // ok: RC201
  const { data } = await supabase.from("discount_codes").select("discount_percentage").eq("code", code).single();
  return Response.json({ discountPercentage: data?.discount_percentage });
}
