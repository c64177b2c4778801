export function AssistantMessage({ content }: { content: string }) {
  // ruleid: RC803
  return <div className="prose" dangerouslySetInnerHTML={{ __html: content }} />;
}

export function Banner({ html }: { html: string }) {
  // ok: RC803
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}
