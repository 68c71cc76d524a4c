import { templateValueProblem } from '@tributary/outbound';

export type QueryUrl = { ok: true; url: string } | { ok: false; reason: string };

const PLACEHOLDER = /\{\{\s*(clientid|client-id)\s*\}\}/gi;
const HAS_PLACEHOLDER = new RegExp(PLACEHOLDER.source, 'i');
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * R14: the ad-hoc query URL for a client. {{clientid}} and {{client-id}} are replaced by the
 * URL-encoded client id; https:// is prepended when the template has no scheme (the seed writes
 * `api.burgan.com.tr/getprofile/{{clientid}}`). Only http and https are callable. A client id
 * that would change the path's shape (`..`, `/`, `?`, ...) is refused, not encoded (issue 15).
 */
export function buildQueryUrl(template: string, clientId: string): QueryUrl {
  const unsafe = HAS_PLACEHOLDER.test(template)
    ? templateValueProblem('client-id', clientId)
    : undefined;
  if (unsafe !== undefined) return { ok: false, reason: unsafe };
  const filled = template.trim().replace(PLACEHOLDER, () => encodeURIComponent(clientId));
  const withScheme = HAS_SCHEME.test(filled) ? filled : `https://${filled}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: `"${withScheme.slice(0, 200)}" is not a valid URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `scheme ${url.protocol} is not allowed; use http or https` };
  }
  if (/\{\{.*\}\}/.test(url.href) || /%7B%7B.*%7D%7D/i.test(url.href)) {
    return { ok: false, reason: 'unknown placeholder; only {{clientid}} and {{client-id}}' };
  }
  return { ok: true, url: url.href };
}
