import { NextRequest } from "next/server";
import { z } from "zod";
import { createClient } from "@/lib/supabase/server";

const ProjectInput = z.object({ name: z.string().max(100) });

export async function POST(req: NextRequest) {
  const supabase = createClient();
  const { data: { user } } = await supabase.auth.getUser();
  const body = await req.json();
  // ruleid: RC203
  await supabase.from("projects").insert(body);
  // ok: RC203
  await supabase.from("projects").insert({ name: body.name, owner_id: user!.id });
  const parsed = ProjectInput.parse(await req.json());
  // ok: RC203
  await supabase.from("projects").insert({ ...parsed, owner_id: user!.id });
  // ok: RC203
  await supabase.from("tags").insert(body);
  return Response.json({ ok: true });
}

export async function PUT(req: NextRequest) {
  const supabase = createClient();
  const { data: { user } } = await supabase.auth.getUser();
  const body = await req.json();
  // ruleid: RC203
  await supabase.from("projects").update({ ...body }).eq("id", body.id).eq("owner_id", user!.id);
  return Response.json({ ok: true });
}
