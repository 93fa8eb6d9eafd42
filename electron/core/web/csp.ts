// The Content-Security-Policy every renderer page gets, from app:// (desktop) and from browser mode alike:
// nothing loads or connects anywhere but the app's own origin.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Style sheets only from the app; inline style attributes stay allowed, because KaTeX's rendered math (set as HTML)
  // positions its glyphs with them. React's style props go through the CSSOM, which CSP does not govern.
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
