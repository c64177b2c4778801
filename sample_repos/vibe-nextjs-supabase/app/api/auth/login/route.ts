import { NextRequest, NextResponse } from "next/server";
import { supabase } from "@/lib/supabase";

// ruleid: RC401
export async function POST(req: NextRequest) {
  const { email, password } = await req.json();
  const { data, error } = await supabase.auth.signInWithPassword({ email, password });
  if (error) {
    // ruleid: RC604
    console.log("login failed", email, password);
    return NextResponse.json({ error: error.message }, { status: 401 });
  }
  return NextResponse.json({ session: data.session });
}
