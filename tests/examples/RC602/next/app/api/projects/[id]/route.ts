import { NextResponse } from "next/server";
import { supabase } from "@/lib/supabase";

export async function DELETE(_req: Request, { params }: { params: { id: string } }) {
  // ruleid: RC602
  await supabase.from("projects").delete().eq("id", params.id);
  return NextResponse.json({ ok: true });
}

export async function PATCH(req: Request, { params }: { params: { id: string } }) {
  const body = await req.json();
  // ok: RC602
  await supabase.from("projects").update({ name: body.name }).eq("id", params.id);
  return NextResponse.json({ ok: true });
}
