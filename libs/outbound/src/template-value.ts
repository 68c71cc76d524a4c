import { OutboundRefusal } from './outbound-refusal';

const SHAPE_CHARACTERS = /[/\\?#]/;
// C0 controls, DEL and C1 controls: never part of an id, and some servers split or log on them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why `value` may not be put into a URL template, or undefined when it may. Encoding alone is not
 * enough: `.` and `..` pass encodeURIComponent unchanged and URL parsing then walks up the path,
 * and some receivers decode `%2F` or `%5C` back into separators. `field` names the value in the
 * message (`client-id`, `from`).
 */
export function templateValueProblem(field: string, value: string): string | undefined {
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (value === '') return `${field} is empty, which would leave an empty URL path segment`;
  if (value === '.' || value === '..') {
    return `${field} ${shown} is a dot segment, which would change the URL's path`;
  }
  const shape = SHAPE_CHARACTERS.exec(value);
  if (shape) return `${field} ${shown} contains "${shape[0]}", which would change the URL's shape`;
  const control = CONTROL_CHARACTER.exec(value);
  if (control) {
    const code = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `${field} ${shown} contains the control character U+${code}`;
  }
  return undefined;
}

/** The value URL-encoded for a template, or an OutboundRefusal saying why it cannot be. */
export function encodeTemplateValue(field: string, value: string): string {
  const problem = templateValueProblem(field, value);
  if (problem !== undefined) throw new OutboundRefusal('UNSAFE_TEMPLATE_VALUE', problem);
  return encodeURIComponent(value);
}
