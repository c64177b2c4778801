import { generateText, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";
import { db } from "@/lib/db";

export async function POST(req: Request) {
  const { prompt } = await req.json();
  const result = await generateText({
    model: openai("gpt-4o"),
    prompt,
    maxOutputTokens: 500,
    experimental_telemetry: { isEnabled: true },
    tools: {
      // ok: RC804
      deleteDraft: tool({
        description: "Delete a draft",
        inputSchema: z.object({ id: z.string() }),
        execute: async ({ id }) => db.draft.delete({ where: { id } }),
      }),
    },
  });
  return Response.json({ text: result.text });
}
