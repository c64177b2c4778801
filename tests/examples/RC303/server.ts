import axios from "axios";
import OpenAI from "openai";

// ruleid: RC303
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
// ok: RC303
const fastAi = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, timeout: 20_000 });
// ruleid: RC303
const api = axios.create({ baseURL: "https://api.example.com" });
// ok: RC303
const bounded = axios.create({ baseURL: "https://api.example.com", timeout: 5000 });

export async function sync(url: string, init: RequestInit, signal: AbortSignal) {
  // ruleid: RC303
  await fetch(url);
  // ruleid: RC303
  await fetch(url, { method: "POST", body: "{}" });
  // ok: RC303
  await fetch(url, { signal: AbortSignal.timeout(10_000) });
  // ok: RC303
  await fetch(url, { signal });
  // ok: RC303
  await fetch(url, init);
  // ruleid: RC303
  await axios.get(url);
  // ok: RC303
  await axios.get(url, { timeout: 3000 });
  return [openai, fastAi, api, bounded];
}
