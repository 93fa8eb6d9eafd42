// The Content-Security-Policy every renderer page gets, from app:// (desktop) and from browser mode alike:
// nothing loads or connects anywhere but the app's own origin.
import { createHash } from 'node:crypto';
import { REPORT_STYLE } from '../experiment/report-html';

/** The one inline <style> element a page may hold: the oversight report's own (report.html), by its SHA-256. The
 *  Experiments page shows a report in a sandboxed srcdoc frame, and such a frame inherits this policy. */
export const REPORT_STYLE_SOURCE = `'sha256-${createHash('sha256').update(REPORT_STYLE).digest('base64')}'`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Style sheets only from the app, and the report's; inline style attributes stay allowed, because KaTeX's rendered
  // math (set as HTML) positions its glyphs with them. React's style props go through the CSSOM, which CSP does not govern.
  `style-src 'self' ${REPORT_STYLE_SOURCE}`,
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
