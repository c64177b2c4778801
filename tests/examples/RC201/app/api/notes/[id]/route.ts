import { getServerSession } from "next-auth";
import { prisma } from "@/lib/prisma";

export async function GET(_req: Request, { params }: { params: { id: string } }) {
  const session = await getServerSession();
  if (!session) return new Response("Unauthorized", { status: 401 });
  // ruleid: RC201
  const note = await prisma.note.findUnique({ where: { id: params.id } });
  return Response.json(note);
}

export async function DELETE(_req: Request, { params }: { params: { id: string } }) {
  const session = await getServerSession();
  if (!session) return new Response("Unauthorized", { status: 401 });
  // ok: RC201
  const note = await prisma.note.findUnique({ where: { id: params.id } });
  if (note?.authorId !== session.user.id) return new Response("Not found", { status: 404 });
  await prisma.note.delete({ where: { id: params.id, authorId: session.user.id } });
  return new Response(null, { status: 204 });
}
