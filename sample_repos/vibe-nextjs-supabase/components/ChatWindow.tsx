"use client";
import { useChat } from "@ai-sdk/react";
import { marked } from "marked";

// The assistant answers in Markdown; the agent turned it into HTML and pasted it into the page
// unsanitised, so a prompt-injected answer can carry a <script> or an onerror= handler.
export function ChatWindow() {
  const { messages, input, handleInputChange, handleSubmit } = useChat({ api: "/api/chat" });
  return (
    <div className="chat">
      {/* ruleid: semgrep/js-html-from-data-unsanitised */}
      {messages.map((m) => (
        // ruleid: RC803
        <div key={m.id} className="prose" dangerouslySetInnerHTML={{ __html: marked.parse(m.content) as string }} />
      ))}
      <form onSubmit={handleSubmit}>
        <input value={input} onChange={handleInputChange} placeholder="Ask about your projects" />
      </form>
    </div>
  );
}
