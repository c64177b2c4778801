import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";
import { prisma } from "@/lib/prisma";

const Task = z.object({ title: z.string().max(200), priority: z.enum(["low", "high"]) });

export async function POST(req: Request) {
  const { notes } = await req.json();
  const { text } = await generateText({ model: openai("gpt-4o-mini"), maxOutputTokens: 300, prompt: `Make a task as JSON: ${notes}` });
  const task = JSON.parse(text);
  // ruleid: RC807
  await prisma.task.create({ data: task });
  const checked = Task.parse(JSON.parse(text));
  // ok: RC807
  await prisma.task.create({ data: checked });
  return Response.json({ ok: true });
}
