import { exec } from "node:child_process";
import { writeFile } from "node:fs/promises";
import OpenAI from "openai";
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { prisma } from "@/lib/db";

const client = new OpenAI();

async function summarise(input: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: "gpt-4o-mini",
    max_tokens: 300,
    messages: [{ role: "user", content: input }],
  });
  return completion.choices[0].message.content ?? "";
}

export async function POST(req: Request) {
  const { question } = await req.json();
  const { text } = await generateText({ model: openai("gpt-4o"), prompt: question, maxOutputTokens: 200 });
  // ruleid: RC803
  exec(text);
  // ruleid: RC803
  const rows = await prisma.$queryRawUnsafe(text);
  // ok: RC803
  const safeRows = await prisma.$queryRaw`select * from notes where body = ${text}`;
  const name = await summarise(question);
  // ruleid: RC803
  await writeFile(`/tmp/${name}.txt`, "report");
  // ok: RC803
  await writeFile("/tmp/report.txt", name);
  // ruleid: RC803
  const page = await fetch(text);
  return Response.json({ rows, safeRows, page: page.status });
}
