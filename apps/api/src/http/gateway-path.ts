/**
 * Whether `value` is a path on this gateway, safe to send a browser to when a flow is done: it
 * starts with one `/` (`//host` is another site), holds no backslash (browsers read `/\host` as
 * `//host`) and no control character (browsers drop tabs and newlines from a URL, so `/\t/host`
 * would become `//host`).
 */
export function isGatewayPath(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  return value.startsWith('/') && !value.startsWith('//') && !/[\\\u0000-\u001f\u007f]/.test(value);
}
