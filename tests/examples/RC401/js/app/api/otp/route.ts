// ruleid: RC401
export async function POST(req: Request) {
  const { phone } = await req.json();
  return Response.json({ sent: phone });
}
