// ok: RC710
const url = Deno.env.get("SUPABASE_URL");
// ruleid: RC710
const openai = Deno.env.get("OPENAI_API_KEY");
console.log(url, openai);
