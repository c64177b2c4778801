import { NextRequest, NextResponse } from "next/server";
import { supabaseAdmin } from "@/lib/supabase";

// ruleid: RC402
export async function GET(_req: NextRequest, { params }: { params: { id: string } }) {
  // ruleid: RC201
  const { data } = await supabaseAdmin.from("projects").select("*").eq("id", params.id).single();
  return NextResponse.json(data);
}

// ruleid: RC202
// ruleid: RC402
export async function DELETE(_req: NextRequest, { params }: { params: { id: string } }) {
  // ruleid: RC201
  // ruleid: RC602
  await supabaseAdmin.from("projects").delete().eq("id", params.id);
  return NextResponse.json({ ok: true });
}
