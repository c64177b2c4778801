import { NextRequest, NextResponse } from "next/server";
import { supabaseAdmin } from "@/lib/supabase";

export async function GET(_req: NextRequest, { params }: { params: { id: string } }) {
  // todoruleid: ownership
  const { data } = await supabaseAdmin.from("projects").select("*").eq("id", params.id).single();
  return NextResponse.json(data);
}

export async function DELETE(_req: NextRequest, { params }: { params: { id: string } }) {
  // todoruleid: ownership, logging
  await supabaseAdmin.from("projects").delete().eq("id", params.id);
  return NextResponse.json({ ok: true });
}
