import DOMPurify from "dompurify";

export function Comment({ body }: { body: string }) {
  // ruleid: js-html-from-data-unsanitised
  return <div className="comment" dangerouslySetInnerHTML={{ __html: body }} />;
}

export function SafeComment({ body }: { body: string }) {
  // ok: js-html-from-data-unsanitised
  return <div className="comment" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(body) }} />;
}

export function show(el: HTMLElement, html: string) {
  // ruleid: js-html-from-data-unsanitised
  el.innerHTML = html;
  // ok: js-html-from-data-unsanitised
  el.innerHTML = "";
}
