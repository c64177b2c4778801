import { createClient } from "@supabase/supabase-js";
import { PrismaClient } from "@prisma/client";

const supabase = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!);
const prisma = new PrismaClient();

export async function GET() {
  // ruleid: RC301
  const { data } = await supabase.from("projects").select("*").order("created_at");
  // ok: RC301
  const { data: page } = await supabase.from("projects").select("*").range(0, 49);
  // ok: RC301
  const { data: one } = await supabase.from("projects").select("*").eq("id", "p1").single();
  // ok: RC301
  const { count } = await supabase.from("projects").select("*", { count: "exact", head: true });
  // ruleid: RC301
  const users = await prisma.user.findMany({ where: { active: true } });
  // ok: RC301
  const firstUsers = await prisma.user.findMany({ where: { active: true }, take: 20 });
  const ids = ["a", "b"];
  // ok: RC301
  const found = ids.find((id) => id === "a");
  return Response.json({ data, page, one, count, users, firstUsers, found });
}
