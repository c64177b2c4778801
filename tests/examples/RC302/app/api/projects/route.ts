import { NextRequest } from "next/server";
import { supabase } from "@/lib/supabase";
import { prisma } from "@/lib/prisma";

export async function GET(req: NextRequest) {
  const limit = Number(req.nextUrl.searchParams.get("limit") ?? 50);
  const capped = Math.min(Number(req.nextUrl.searchParams.get("limit") ?? 50), 100);
  // ruleid: RC302
  const { data } = await supabase.from("projects").select("*").limit(limit);
  // ok: RC302
  const { data: page } = await supabase.from("projects").select("*").limit(capped);
  // ruleid: RC302
  const users = await prisma.user.findMany({ take: limit });
  // ok: RC302
  const few = await prisma.user.findMany({ take: 20 });
  return Response.json({ data, page, users, few });
}
