// An email's HTML, shown in a sandboxed frame: no scripts, no access to the app, links open outside.
import { useMemo } from "react";

/** Links in the mail open in a new tab (the frame's own navigation would be blocked by the sandbox). */
function withBaseTarget(html: string): string {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + base) : base + html;
}

export function MailFrame({ html, title }: { html: string; title: string }) {
  const document = useMemo(() => withBaseTarget(html), [html]);
  return (
    <iframe
      className="mail-frame"
      title={title}
      // No allow-scripts and no allow-same-origin: the mail runs nothing and reaches nothing of the app.
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={document}
    />
  );
}
