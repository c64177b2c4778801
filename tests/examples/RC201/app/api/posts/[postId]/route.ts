import { getServerSession } from "next-auth";
import { db } from "@/lib/db";

export async function PATCH(req: Request, context: { params: { postId: string } }) {
  const session = await getServerSession();
  if (!session) {
    return new Response(null, { status: 403 });
  }
  const { params } = context;
  if (!(await verifyCurrentUserHasAccessToPost(params.postId))) {
    return new Response(null, { status: 403 });
  }
  const body = await req.json();
  // the id was checked by the authorization call above; the data fields are not an id
  // ok: RC201
  await db.post.update({ where: { id: params.postId }, data: { title: body.title } });
  return new Response(null, { status: 200 });
}

export async function DELETE(req: Request, context: { params: { postId: string } }) {
  const session = await getServerSession();
  if (!session) {
    return new Response(null, { status: 403 });
  }
  // ruleid: RC201
  await db.post.delete({ where: { id: context.params.postId } });
  return new Response(null, { status: 204 });
}

async function verifyCurrentUserHasAccessToPost(postId: string) {
  const session = await getServerSession();
  const count = await db.post.count({ where: { id: postId, authorId: session?.user.id } });
  return count > 0;
}
