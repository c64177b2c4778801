import crypto from "node:crypto";

export function checkKey(req: { headers: Record<string, string> }) {
  // ruleid: RC103
  if (req.headers["x-api-key"] !== process.env.API_KEY) {
    throw new Error("unauthorized");
  }
}

export function checkSignature(payload: string, signature: string) {
  const digest = crypto.createHmac("sha256", process.env.SECRET!).update(payload).digest("hex");
  // ruleid: RC103
  return digest === signature;
}

export function safeCheck(payload: string, signature: string) {
  const digest = crypto.createHmac("sha256", process.env.SECRET!).update(payload).digest("hex");
  // ok: RC103
  return digest.length === signature.length && crypto.timingSafeEqual(Buffer.from(digest), Buffer.from(signature));
}

export function kind(token: string | undefined) {
  // ok: RC103
  if (token === undefined || typeof token !== "string") return "none";
  // ok: RC103
  return token === "" ? "empty" : "set";
}
