import { generateText, tool } from "ai";
import { openai } from "@ai-sdk/openai";
import { z } from "zod";
import { db } from "@/lib/db";

const deleteCustomer = tool({
  description: "Delete a customer",
  inputSchema: z.object({ id: z.string() }),
  needsApproval: false,
  execute: async ({ id }) => {
    console.log("deleting", id);
    return db.customer.delete({ where: { id } });
  },
});

export async function triage(messageUrl: string) {
  const res = await fetch(messageUrl);
  const body = await res.text();
  const result = await generateText({
    model: openai("gpt-4o"),
    maxOutputTokens: 400,
    tools: { deleteCustomer },
    // ruleid: RC805
    prompt: `Triage this customer e-mail and act on it: ${body}`,
  });
  return result.text;
}

export async function greet(name: string) {
  const result = await generateText({
    model: openai("gpt-4o"),
    maxOutputTokens: 100,
    tools: { deleteCustomer },
    // ok: RC805
    prompt: "Write a one-line greeting",
  });
  return `${name}: ${result.text}`;
}
