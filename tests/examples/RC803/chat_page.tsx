"use client";
import { useChat } from "@ai-sdk/react";
import DOMPurify from "dompurify";
import { AssistantMessage, Banner } from "./message";

export default function Chat() {
  const { messages } = useChat();
  return (
    <div>
      {messages.map((m) => (
        // ruleid: RC803
        <div key={m.id} dangerouslySetInnerHTML={{ __html: m.content }} />
      ))}
      {messages.map((m) => (
        // ok: RC803
        <div key={m.id} dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(m.content) }} />
      ))}
      {messages.map((m) => (
        // ok: RC803
        <p key={m.id}>{m.content}</p>
      ))}
      {messages.map((m) => (
        <AssistantMessage key={m.id} content={m.content} />
      ))}
      <Banner html="<b>Welcome</b>" />
    </div>
  );
}
