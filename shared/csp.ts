// The Content-Security-Policy for the renderer, used by the Electron shell and the HTTP transport.
// No remote origins, no eval; inline styles are allowed because antd's CSS-in-JS injects <style> tags.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
