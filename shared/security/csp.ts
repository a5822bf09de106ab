/**
 * The renderer's Content-Security-Policy, the same in both shells. No remote scripts, no eval, no
 * frames (this also stops any library from loading a remote iframe). `connectOrigins` are the
 * origins the renderer may fetch from besides its own: the host socket (web shell) and sync services.
 */
export function rendererCsp(connectOrigins: readonly string[]): string {
  const connect = ["'self'", ...connectOrigins, 'https:', 'http://127.0.0.1:*', 'http://localhost:*'].join(
    ' ',
  );
  return [
    "default-src 'self'",
    "script-src 'self'",
    // antd (cssinjs) and Leaflet set inline styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "worker-src 'self' blob:",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
