import { NextRequest, NextResponse } from "next/server";
import { supabaseAdmin } from "@/lib/supabase";

// ruleid: RC402
export async function GET(req: NextRequest) {
  const limit = Number(req.nextUrl.searchParams.get("limit") ?? 1000);
  // ruleid: RC302
  const { data, error } = await supabaseAdmin.from("projects").select("*").limit(limit);
  if (error) return NextResponse.json({ error: error.message }, { status: 500 });
  return NextResponse.json(data);
}

// ruleid: RC202
// ruleid: RC402
export async function POST(req: NextRequest) {
  const body = await req.json();
  // ruleid: RC203
  const { data, error } = await supabaseAdmin.from("projects").insert(body).select().single();
  if (error) return NextResponse.json({ error: error.message, stack: error.stack }, { status: 500 });
  return NextResponse.json(data, { status: 201 });
}
