import { NextResponse } from "next/server";
import { findUser, verify } from "@/lib/users";

export async function POST(req: Request) {
  const { email, password } = await req.json();
  const user = await findUser(email);
  if (!user) {
    // ruleid: RC606
    return NextResponse.json({ error: "User not found" }, { status: 404 });
  }
  if (!(await verify(password, user.passwordHash))) {
    // ok: RC606
    return NextResponse.json({ error: "Invalid email or password" }, { status: 401 });
  }
  return NextResponse.json({ ok: true });
}
