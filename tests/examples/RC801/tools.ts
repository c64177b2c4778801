import { tool, generateText, stepCountIs } from "ai";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { resend } from "@/lib/mail";

// ruleid: RC801
export const deleteProject = tool({
  description: "Delete a project",
  inputSchema: z.object({ projectId: z.string() }),
  execute: async ({ projectId }) => {
    await prisma.project.delete({ where: { id: projectId } });
    return "deleted";
  },
});

// ok: RC801
export const archiveProject = tool({
  description: "Archive a project",
  inputSchema: z.object({ projectId: z.string() }),
  needsApproval: true,
  execute: async ({ projectId }) => {
    await prisma.project.delete({ where: { id: projectId } });
    return "archived";
  },
});

// ok: RC801
export const renameProject = tool({
  description: "Rename a project",
  inputSchema: z.object({ projectId: z.string(), name: z.string() }),
  execute: async ({ projectId, name }) => {
    await prisma.project.update({ where: { id: projectId }, data: { name } });
    return "renamed";
  },
});

export async function answer(prompt: string) {
  return generateText({
    model: "openai/gpt-4.1",
    prompt,
    maxOutputTokens: 800,
    stopWhen: stepCountIs(5),
    tools: { deleteProject, archiveProject, renameProject },
  });
}

const server = new McpServer({ name: "mail", version: "1.0.0" });

// ruleid: RC801
server.registerTool(
  "send_newsletter",
  {
    description: "Send the newsletter",
    inputSchema: { subject: z.string() },
    annotations: { readOnlyHint: false, destructiveHint: false },
  },
  async ({ subject }) => {
    await resend.emails.send({ from: "news@example.com", to: "all@example.com", subject, html: "<p>hi</p>" });
    return { content: [{ type: "text", text: "sent" }] };
  },
);
